using InteropGateway.Adapters.Udp.Native;
using InteropGateway.Adapters.Udp.Srt.Caller;
using InteropGateway.Adapters.Udp.Srt.Listener;
using InteropGateway.Core.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InteropGateway.Adapters.Udp.Srt;

internal static class SrtRegistration
{
    /// <summary>
    /// SRT through libsrt: the listener (<c>Gateway:Srt:Port</c>, 10080/udp), caller routes
    /// (<c>Gateway:Srt:Routes</c> and /api/srt/routes), one epoll thread for all their sockets, and
    /// libsrt's own warnings in the gateway log.
    /// </summary>
    public static WebApplicationBuilder AddSrt(this WebApplicationBuilder builder)
    {
        var bindAddress = GatewayListenOptions.From(builder.Configuration).BindAddress;
        builder.Services.Configure<SrtOptions>(builder.Configuration.GetSection(SrtOptions.Section));
        builder.Services.PostConfigure<SrtOptions>(o => o.BindAddress ??= bindAddress);
        builder.Services.AddSingleton<IValidateOptions<SrtOptions>, SrtOptionsValidation>();
        builder.Services.AddSingleton(sp =>
        {
            SrtLibrary.ForwardLogs(sp.GetRequiredService<ILoggerFactory>().CreateLogger("InteropGateway.Adapters.Udp.Srt.LibSrt"));
            return new SrtPoller(sp.GetRequiredService<ILogger<SrtPoller>>());
        });
        builder.Services.AddHostedService<SrtListener>();
        builder.Services.AddSingleton<SrtRoutes>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SrtRoutes>());
        builder.Services.AddSingleton<IEndpointContributor, SrtRoutesEndpoint>();
        return builder;
    }

    private sealed class SrtOptionsValidation : IValidateOptions<SrtOptions>
    {
        public ValidateOptionsResult Validate(string? name, SrtOptions options) =>
            options.Validate() is { } error ? ValidateOptionsResult.Fail(error) : ValidateOptionsResult.Success;
    }
}
