using Microsoft.AspNetCore.Builder;

namespace InteropGateway.Adapters.RelayNode;

public static class RelayNodeRegistration
{
    /// <summary>
    /// The enterprise relay link, both ends: the upstream endpoints every gateway serves, and the relay
    /// role (<c>Gateway:RelayNode</c>) that connects out to an upstream gateway over TLS.
    /// </summary>
    public static WebApplicationBuilder AddRelayNode(this WebApplicationBuilder builder)
    {
        return builder;
    }
}
