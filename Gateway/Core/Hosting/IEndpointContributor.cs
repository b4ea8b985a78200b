using Microsoft.AspNetCore.Routing;

namespace InteropGateway.Core.Hosting;

/// <summary>
/// Lets an adapter add HTTP endpoints (HTTP-FLV, WHIP, WebSocket...) from its one registration
/// method: the adapter registers a contributor as a service and the host maps every contributor
/// after the app is built.
/// </summary>
public interface IEndpointContributor
{
    void MapEndpoints(IEndpointRouteBuilder endpoints);
}
