using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace InteropGateway.Adapters.Rtmp.Cdn;

internal static class CdnRegistration
{
    /// <summary>CDN forward (push) and pull (edge) from <c>Gateway:Cdn</c>, and <see cref="CdnStatus"/> for the API.</summary>
    public static void AddCdn(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<CdnOptions>(builder.Configuration.GetSection(CdnOptions.Section));
        builder.Services.AddSingleton<CdnStatus>();
        builder.Services.AddHostedService<CdnForwarder>();
        builder.Services.AddHostedService<CdnPuller>();
    }
}
