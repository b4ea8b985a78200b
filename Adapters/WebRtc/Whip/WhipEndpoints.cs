using InteropGateway.Adapters.WebRtc.Sessions;
using InteropGateway.Core.Hosting;
using InteropGateway.Core.Relay;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InteropGateway.Adapters.WebRtc.Whip;

/// <summary>
/// WHIP <c>POST /whip/{app}/{stream}</c> and WHEP <c>POST /whep/{app}/{stream}</c>: SDP offer in,
/// answer out (201 with the session's Location); <c>DELETE</c> on the Location ends the session;
/// <c>PATCH</c> (trickle ICE, ICE restart) is answered 405 as RFC 9725 §4.3 asks of servers without
/// trickle: our answers carry every candidate already. CORS is open so browser pages anywhere can
/// publish and play; an optional bearer token guards both. Also serves the built-in player and
/// publisher pages under <c>/webrtc/play|publish/{app}/{stream}</c>. <c>?transport=tcp</c> on the POST
/// (or on a page's URL, which passes it on) asks for an answer with only the multiplexed-port TCP candidate.
/// </summary>
internal sealed class WhipEndpoints(WebRtcSessions sessions, IOptionsMonitor<WebRtcOptions> options, ILogger<WhipEndpoints> logger)
    : IEndpointContributor
{
    private const string SdpMediaType = "application/sdp";

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        foreach (var (prefix, role) in new[] { ("whip", WhipRole.Ingest), ("whep", WhipRole.Egress) })
        {
            endpoints.MapPost($"/{prefix}/{{app}}/{{stream}}", (HttpContext context, string app, string stream) => OfferAsync(context, role, app, stream));
            endpoints.MapDelete($"/{prefix}/{{app}}/{{stream}}/{{session}}", (HttpContext context, string session) => Delete(context, session));
            endpoints.MapMethods($"/{prefix}/{{app}}/{{stream}}/{{session}}", ["PATCH"], (HttpContext context) =>
                Refuse(context, StatusCodes.Status405MethodNotAllowed, "trickle ICE and ICE restart are not supported: the answer carries every candidate"));
            endpoints.MapMethods($"/{prefix}/{{app}}/{{stream}}", ["OPTIONS"], Preflight);
            endpoints.MapMethods($"/{prefix}/{{app}}/{{stream}}/{{session}}", ["OPTIONS"], Preflight);
        }
        endpoints.MapGet("/webrtc/play/{app}/{stream}", () => Page("play.html"));
        endpoints.MapGet("/webrtc/publish/{app}/{stream}", () => Page("publish.html"));
    }

    private async Task<IResult> OfferAsync(HttpContext context, WhipRole role, string app, string stream)
    {
        AllowCors(context);
        if (!Authorized(context))
            return Refuse(context, StatusCodes.Status401Unauthorized, "a bearer token is required");
        if (!StreamKey.TryCreate(app, stream, out var key, out var keyError))
            return Refuse(context, StatusCodes.Status400BadRequest, keyError);
        if (context.Request.ContentType?.StartsWith(SdpMediaType, StringComparison.OrdinalIgnoreCase) != true)
            return Refuse(context, StatusCodes.Status415UnsupportedMediaType, $"the offer must be sent as {SdpMediaType}");
        string offer;
        using (var reader = new StreamReader(context.Request.Body))
            offer = await reader.ReadToEndAsync(context.RequestAborted);
        var remote = context.Connection.RemoteIpAddress is { } ip ? new System.Net.IPEndPoint(ip, context.Connection.RemotePort) : null;
        var result = await sessions.CreateAsync(role, key.Value, offer, remote, AsksForTcp(context.Request), context.RequestAborted);
        if (result.Error is { } error)
            return Refuse(context, result.Status, error);
        var location = $"/{(role == WhipRole.Ingest ? "whip" : "whep")}/{app}/{stream}/{result.SessionId}";
        context.Response.Headers.Location = location;
        context.Response.Headers.ETag = $"\"{result.SessionId}\"";
        return Results.Text(result.Answer, SdpMediaType, statusCode: StatusCodes.Status201Created);
    }

    /// <summary>
    /// <c>?transport=tcp</c>: the client knows only TCP gets through (a proxy, a firewall that opens 443 alone),
    /// so the answer names only the multiplexed port instead of making the browser wait out the others.
    /// </summary>
    internal static bool AsksForTcp(HttpRequest request) =>
        string.Equals(request.Query["transport"], "tcp", StringComparison.OrdinalIgnoreCase);

    private IResult Delete(HttpContext context, string session)
    {
        AllowCors(context);
        if (!Authorized(context))
            return Refuse(context, StatusCodes.Status401Unauthorized, "a bearer token is required");
        return sessions.Close(session, "peer sent DELETE")
            ? Results.Ok()
            : Refuse(context, StatusCodes.Status404NotFound, $"no WebRTC session {session}");
    }

    private static IResult Preflight(HttpContext context)
    {
        AllowCors(context);
        context.Response.Headers.AccessControlAllowMethods = "POST, DELETE, PATCH, OPTIONS";
        context.Response.Headers.AccessControlAllowHeaders = "Authorization, Content-Type, If-Match";
        context.Response.Headers.AccessControlMaxAge = "86400";
        return Results.NoContent();
    }

    private static void AllowCors(HttpContext context)
    {
        context.Response.Headers.AccessControlAllowOrigin = "*";
        context.Response.Headers.AccessControlExposeHeaders = "Location, ETag";
    }

    private bool Authorized(HttpContext context)
    {
        var token = options.CurrentValue.BearerToken;
        return string.IsNullOrEmpty(token) || context.Request.Headers.Authorization.ToString() == $"Bearer {token}";
    }

    private IResult Refuse(HttpContext context, int status, string reason)
    {
        logger.LogWarning("{Method} {Path} from {Remote} refused with {Status}: {Reason}",
            context.Request.Method, context.Request.Path, context.Connection.RemoteIpAddress, status, reason);
        return Results.Text(reason + "\n", "text/plain", statusCode: status);
    }

    private static IResult Page(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "webrtc", name);
        return Results.File(path, "text/html; charset=utf-8");
    }
}
