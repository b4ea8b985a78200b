using InteropGateway.Adapters.WebRtc.Sessions;
using InteropGateway.Adapters.WebRtc.Transport;
using InteropGateway.Adapters.WebRtc.Whip;
using InteropGateway.Core.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace InteropGateway.Adapters.WebRtc;

public static class WebRtcAdapterRegistration
{
    /// <summary>
    /// WHIP ingest and WHEP playback: the shared UDP/ICE-TCP media port (section <c>Gateway:WebRtc</c>),
    /// ICE-TCP on the multiplexed TLS port, and the HTTP endpoints on the web host.
    /// </summary>
    public static WebApplicationBuilder AddWebRtcAdapter(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(WebRtcOptions.Section);
        builder.Services.Configure<WebRtcOptions>(section);
        builder.Services.Configure<WebRtcTransportOptions>(section);
        builder.Services.AddSingleton<WebRtcTransportServer>();
        builder.Services.AddHostedService(services => services.GetRequiredService<WebRtcTransportServer>());
        builder.Services.AddSingleton<IMultiplexedProtocol, IceTcpProtocol>(); // ICE-TCP on the TLS port, plain or in TLS
        builder.Services.AddSingleton<WebRtcSessions>();
        builder.Services.AddSingleton<IEndpointContributor, WhipEndpoints>();
        return builder;
    }
}
