using InteropGateway.Adapters.Udp.Plain;
using InteropGateway.Adapters.Udp.Srt;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace InteropGateway.Adapters.Udp;

public static class UdpAdapterRegistration
{
    /// <summary>
    /// The "native UDP" family of the matrix (protocol <c>udp</c>): SRT (listener on UDP 10080 and
    /// caller routes, through libsrt) and MPEG-TS over plain UDP (unicast and multicast routes).
    /// Both carry MPEG-TS, demuxed and muxed by the shared code in <c>Ts/</c>.
    /// Calling it twice registers once (tests add it to a host that may already have it).
    /// </summary>
    public static WebApplicationBuilder AddUdpAdapter(this WebApplicationBuilder builder)
    {
        if (builder.Services.Any(s => s.ServiceType == typeof(UdpAdapterMarker)))
            return builder;
        builder.Services.AddSingleton<UdpAdapterMarker>();
        builder.AddSrt();
        builder.AddTsOverUdp();
        return builder;
    }

    private sealed class UdpAdapterMarker;
}
