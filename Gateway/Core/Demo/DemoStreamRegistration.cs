using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace InteropGateway.Core.Demo;

public static class DemoStreamRegistration
{
    /// <summary>
    /// The built-in demo source <c>demo/testsrc</c>, settings from <c>Gateway:Demo</c> (on unless
    /// <c>Gateway:Demo:Enabled=false</c>). Needs the <see cref="Relay.StreamHub"/> registered.
    /// </summary>
    public static IServiceCollection AddDemoStream(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<DemoOptions>(configuration.GetSection(DemoOptions.Section));
        services.AddHostedService<DemoStreamService>();
        return services;
    }
}
