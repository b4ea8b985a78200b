using InteropGateway.Codecs.Transcoding;
using InteropGateway.Core.Relay;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace InteropGateway.Core.Routing;

public static class RoutingRegistration
{
    /// <summary>
    /// The transcoding router with FFmpeg transcoders; encoder settings from <c>Gateway:Transcode</c>.
    /// Needs the conversion matrix (AddConversionMatrix).
    /// </summary>
    public static IServiceCollection AddMediaRouter(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<TranscodeSettings>(configuration.GetSection(TranscodeSettings.Section));
        services.TryAddSingleton<ITranscoderProvider, FfmpegTranscoderProvider>();
        services.AddSingleton<MediaRouter>();
        services.AddSingleton<ITrackRouter>(sp => sp.GetRequiredService<MediaRouter>());
        return services;
    }
}
