using Microsoft.AspNetCore.Builder;

namespace InteropGateway.Adapters.Udp.Plain;

internal static class TsOverUdpRegistration
{
    public static WebApplicationBuilder AddTsOverUdp(this WebApplicationBuilder builder)
    {
        // Filled in by the MPEG-TS over UDP routes work.
        return builder;
    }
}
