using System.Net;
using InteropGateway.Adapters.Rtmp.Http;
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
    /// Kestrel, and HTTP-FLV playback at <c>GET /{app}/{stream}.flv</c> on the HTTP port.
    /// </summary>
    public static WebApplicationBuilder AddRtmpAdapter(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(RtmpOptions.Section);
        builder.Services.Configure<RtmpOptions>(section);
        builder.Services.AddSingleton<IEndpointContributor, HttpFlvEndpoint>();

        var options = section.Get<RtmpOptions>() ?? new RtmpOptions();
        var bind = GatewayListenOptions.From(builder.Configuration);
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Parse(bind.BindAddress), options.Port,
                listen => listen.UseConnectionHandler<RtmpConnectionHandler>()));
        return builder;
    }
}
