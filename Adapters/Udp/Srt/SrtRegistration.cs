using Microsoft.AspNetCore.Builder;

namespace InteropGateway.Adapters.Udp.Srt;

internal static class SrtRegistration
{
    public static WebApplicationBuilder AddSrt(this WebApplicationBuilder builder)
    {
        // Filled in by the SRT listener/caller work.
        return builder;
    }
}
