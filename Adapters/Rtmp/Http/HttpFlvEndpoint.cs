using InteropGateway.Adapters.Rtmp.Egress;
using InteropGateway.Adapters.Rtmp.MiniProgram;
using InteropGateway.Core.Hosting;
using InteropGateway.Core.Relay;
using InteropGateway.Core.Sessions;
using InteropGateway.Matrix;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace InteropGateway.Adapters.Rtmp.Http;

/// <summary>
/// HTTP-FLV egress: <c>GET /{app}/{stream}.flv</c>. Starts at a keyframe from the GOP cache. Live
/// responses are never cacheable, so a CDN edge pulling from us does not serve stale video.
/// A stream nobody publishes gets 404 once the play wait is over. A request with a signed query
/// (<c>?expires=..&amp;sign=..</c>) is a mini-program live-player: checked, tagged <c>miniprogram</c>
/// and started at the live edge.
/// </summary>
internal sealed class HttpFlvEndpoint(StreamHub hub, MiniProgramAccess miniProgram, ILogger<HttpFlvEndpoint> logger) : IEndpointContributor
{
    public void MapEndpoints(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/{app}/{stream}.flv", PlayAsync);

    private async Task PlayAsync(HttpContext context, string app, string stream)
    {
        if (!StreamKey.TryCreate(app, stream, out var key, out var error))
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, error);
            return;
        }
        var isMiniProgram = context.Request.Query.ContainsKey("sign");
        var info = new SessionInfo(isMiniProgram ? Protocols.MiniProgram : Protocols.Rtmp, context.Connection.RemoteIpAddress is { } ip
            ? new System.Net.IPEndPoint(ip, context.Connection.RemotePort) : null, SessionInfo.NewId()) { Transport = "http-flv" };
        if (isMiniProgram && miniProgram.CheckHttpPlay(key.Value, context.Request.QueryString.Value ?? "", info) is { } refusal)
        {
            await RefuseAsync(context, StatusCodes.Status403Forbidden, refusal);
            return;
        }
        logger.LogInformation("HTTP-FLV session {Session} started for {Stream}", info, key);
        using var subscriber = hub.Subscribe(key.Value, info);
        var aborted = context.RequestAborted;
        string reason;
        try
        {
            if (!await subscriber.WaitForDataAsync(aborted))
            {
                reason = subscriber.CloseReason ?? "stream ended";
                await RefuseAsync(context, StatusCodes.Status404NotFound, reason);
            }
            else
            {
                var response = context.Response;
                response.ContentType = "video/x-flv";
                response.Headers.CacheControl = "no-cache, no-store, must-revalidate";
                response.Headers.Pragma = "no-cache";
                response.Headers.Expires = "0";
                response.Headers.AccessControlAllowOrigin = "*";
                // A reverse proxy or CDN edge in front of us (nginx and most CDNs honour it) must stream, not buffer.
                response.Headers["X-Accel-Buffering"] = "no";
                context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
                var sink = new HttpFlvSink(response.BodyWriter);
                var live = subscriber.Stream;
                sink.WriteFileHeader(hasAudio: live.AudioTrack is not null, hasVideo: live.VideoTrack is not null);
                var start = isMiniProgram ? miniProgram.NewLiveEdgeStart() : null;
                reason = await new FlvEgressPump(subscriber, sink, logger, start).RunAsync(aborted);
                if (subscriber.Closed.IsCancellationRequested && !aborted.IsCancellationRequested)
                    context.Abort(); // cut off by the core (too slow): don't wait to flush to a peer that isn't reading
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            reason = "player disconnected";
        }
        logger.LogInformation("HTTP-FLV session {Session} for {Stream} ended: {Reason}", info, key, reason);
    }

    /// <summary>
    /// Errors are not cacheable either: a CDN edge that cached "404, not published yet" would keep
    /// a stream dark after its publisher arrives.
    /// </summary>
    private static Task RefuseAsync(HttpContext context, int status, string reason)
    {
        context.Response.StatusCode = status;
        context.Response.Headers.CacheControl = "no-cache, no-store, must-revalidate";
        context.Response.Headers.AccessControlAllowOrigin = "*"; // so a browser player (flv.js) can read why
        return context.Response.WriteAsync(reason + "\n", context.RequestAborted);
    }
}
