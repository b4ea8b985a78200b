using InteropGateway.Adapters.Rtmp.Egress;
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
/// A stream nobody publishes gets 404 once the play wait is over.
/// </summary>
internal sealed class HttpFlvEndpoint(StreamHub hub, ILogger<HttpFlvEndpoint> logger) : IEndpointContributor
{
    public void MapEndpoints(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/{app}/{stream}.flv", PlayAsync);

    private async Task PlayAsync(HttpContext context, string app, string stream)
    {
        if (!StreamKey.TryCreate(app, stream, out var key, out var error))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync(error + "\n");
            return;
        }
        var info = new SessionInfo(Protocols.Rtmp, context.Connection.RemoteIpAddress is { } ip
            ? new System.Net.IPEndPoint(ip, context.Connection.RemotePort) : null, SessionInfo.NewId()) { Transport = "http-flv" };
        logger.LogInformation("HTTP-FLV session {Session} started for {Stream}", info, key);
        using var subscriber = hub.Subscribe(key.Value, info);
        var aborted = context.RequestAborted;
        string reason;
        try
        {
            if (!await subscriber.WaitForDataAsync(aborted))
            {
                reason = subscriber.CloseReason ?? "stream ended";
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                await context.Response.WriteAsync(reason + "\n", aborted);
            }
            else
            {
                var response = context.Response;
                response.ContentType = "video/x-flv";
                response.Headers.CacheControl = "no-cache, no-store, must-revalidate";
                response.Headers.Pragma = "no-cache";
                response.Headers.Expires = "0";
                response.Headers.AccessControlAllowOrigin = "*";
                context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
                var sink = new HttpFlvSink(response.BodyWriter);
                var live = subscriber.Stream;
                sink.WriteFileHeader(hasAudio: live.AudioTrack is not null, hasVideo: live.VideoTrack is not null);
                reason = await new FlvEgressPump(subscriber, sink, logger).RunAsync(aborted);
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
}
