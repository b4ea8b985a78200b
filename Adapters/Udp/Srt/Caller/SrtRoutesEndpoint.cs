using InteropGateway.Core.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace InteropGateway.Adapters.Udp.Srt.Caller;

/// <summary>
/// <c>GET /api/srt/routes</c> (state, retries, last error and link figures of each route),
/// <c>POST /api/srt/routes</c> with <c>{"direction":"push"|"pull","stream":"app/stream","url":"srt://..."}</c>
/// (201 with the route, 400 with the reason), <c>DELETE /api/srt/routes/{id}</c> (204, or 404).
/// </summary>
internal sealed class SrtRoutesEndpoint(SrtRoutes routes) : IEndpointContributor
{
    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/srt/routes", () => Results.Ok(routes.All.Select(r => r.Describe()).ToArray()));
        endpoints.MapPost("/api/srt/routes", (SrtRouteOptions body) =>
            routes.TryAdd(body, "api", out var route, out var error)
                ? Results.Created($"/api/srt/routes/{route.Id}", route.Describe())
                : Results.BadRequest(new { error }));
        endpoints.MapDelete("/api/srt/routes/{id}", (string id) =>
            routes.Remove(id) ? Results.NoContent() : Results.NotFound(new { error = $"no SRT route {id}" }));
    }
}
