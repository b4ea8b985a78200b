using System.Reflection;
using InteropGateway.Core.Hosting;
using InteropGateway.Core.Relay;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace InteropGateway.Adapters.H5.PlayerPage;

/// <summary>
/// The JSMpeg player page at <c>/play/{app}/{stream}</c> and the JSMpeg library it loads at
/// <c>/play/jsmpeg.min.js</c> (from npm, embedded by the build). Both are read once from the assembly.
/// </summary>
internal sealed class PlayerPageEndpoint : IEndpointContributor
{
    private readonly byte[] _page = ReadResource("player.html");
    private readonly byte[] _jsmpeg = ReadResource("jsmpeg.min.js");

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/play/jsmpeg.min.js", (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Bytes(_jsmpeg, "text/javascript; charset=utf-8");
        });
        endpoints.MapGet("/play/{app}/{stream}", (string app, string stream) =>
            StreamKey.TryCreate(app, stream, out _, out var error)
                ? Results.Bytes(_page, "text/html; charset=utf-8")
                : Results.Text(error + "\n", statusCode: StatusCodes.Status400BadRequest));
    }

    private static byte[] ReadResource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded resource {name} missing: the build installs it (Adapters.H5.csproj)");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
