using System.Net;
using InteropGateway.Adapters.Rtmp.Cdn;
using InteropGateway.Adapters.Rtmp.Http;
using InteropGateway.Adapters.Rtmp.MiniProgram;
using InteropGateway.Adapters.Rtmp.Server;
using InteropGateway.Core.Hosting;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace InteropGateway.Adapters.Rtmp;

public static class RtmpAdapterRegistration
{
    /// <summary>
    /// Native RTMP: the RTMP listener (publish and play, <c>Gateway:Rtmp:Port</c>, default 1935) on
    /// Kestrel, and HTTP-FLV playback at <c>GET /{app}/{stream}.flv</c> on the HTTP port. With it the
    /// two RTMP-borne rows of the matrix: the mini-program listener (<c>Gateway:MiniProgram</c>,
    /// default 1936) and the CDN client (<c>Gateway:Cdn</c> forward and pull rules).
    /// </summary>
    public static WebApplicationBuilder AddRtmpAdapter(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(RtmpOptions.Section);
        builder.Services.Configure<RtmpOptions>(section);
        builder.Services.AddSingleton<IEndpointContributor, HttpFlvEndpoint>();
        builder.Services.AddSingleton<IMultiplexedProtocol, RtmpMultiplexedProtocol>();

        var options = section.Get<RtmpOptions>() ?? new RtmpOptions();
        var bind = GatewayListenOptions.From(builder.Configuration);
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Parse(bind.BindAddress), options.Port,
                listen => listen.UseConnectionHandler<RtmpConnectionHandler>()));
        builder.AddMiniProgram(options);
        builder.AddCdn();
        return builder;
    }
}
