using InteropGateway.Adapters.RelayNode.Role;
using InteropGateway.Adapters.RelayNode.Upstream;
using InteropGateway.Core.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace InteropGateway.Adapters.RelayNode;

public static class RelayNodeRegistration
{
    /// <summary>
    /// The enterprise relay link, both ends: the upstream endpoints every gateway serves
    /// (<c>POST /relay/publish/{app}/{stream}</c>, <c>GET /relay/play/{app}/{stream}</c>, on every
    /// HTTP listener), and the relay role (<c>Gateway:RelayNode:Upstream</c> set) that connects out
    /// to an upstream gateway over TLS, pushing what is published here and pulling what is asked for.
    /// </summary>
    public static WebApplicationBuilder AddRelayNode(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<RelayNodeOptions>(builder.Configuration.GetSection(RelayNodeOptions.Section));
        builder.Services.AddSingleton<RelayAccess>();
        builder.Services.AddSingleton<IEndpointContributor, RelayPublishEndpoint>();
        builder.Services.AddSingleton<IEndpointContributor, RelayPlayEndpoint>();
        builder.Services.AddSingleton<RelayNodeLinks>();
        builder.Services.AddHostedService<RelayPusher>();
        builder.Services.AddHostedService<RelayPuller>();
        return builder;
    }
}
