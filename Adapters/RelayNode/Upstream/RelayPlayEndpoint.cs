using InteropGateway.Adapters.RelayNode.Link;
using InteropGateway.Adapters.RelayNode.Wire;
using InteropGateway.Core.Hosting;
using InteropGateway.Core.Relay;
using InteropGateway.Core.Sessions;
using InteropGateway.Matrix;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace InteropGateway.Adapters.RelayNode.Upstream;

/// <summary>
/// <c>GET /relay/play/{app}/{stream}</c>: a relay node pulls a stream; the response body is a relay
/// stream (<see cref="RelayWireFormat"/>) starting with the GOP cache, so at a keyframe. The link's
/// subscriber is not a matrix protocol, so every track passes through untouched: the relay node
/// converts for its own players. A stream nobody publishes gets 404 after the play wait.
/// </summary>
internal sealed class RelayPlayEndpoint(StreamHub hub, RelayAccess access, IHostApplicationLifetime lifetime, ILogger<RelayPlayEndpoint> logger)
    : IEndpointContributor
{
    private static readonly TimeSpan EndNoticeLimit = TimeSpan.FromSeconds(1);

    public void MapEndpoints(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/relay/play/{app}/{stream}", PlayAsync);

    private async Task PlayAsync(HttpContext context, string app, string stream)
    {
        if (await access.AdmitAsync(context, app, stream, RefuseAsync) is not { } key)
            return;
        var info = new SessionInfo(RelayTransports.LinkProtocol, RelayHttp.Remote(context), SessionInfo.NewId()) { Transport = "relay-play" };
        using var subscriber = hub.Subscribe(key, info);
        // Ends with the gateway too: a live body never completes by itself, and the server's graceful
        // stop would otherwise wait its whole timeout for it.
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var aborted = ending.Token;
        string reason;
        RelayBodyWriter? writer = null;
        try
        {
            if (!await subscriber.WaitForDataAsync(aborted))
            {
                await RefuseAsync(context, StatusCodes.Status404NotFound, key.ToString(), subscriber.CloseReason ?? "stream ended");
                return;
            }
            // The source's protocol goes along so the relay node routes the stream as the source would be routed here.
            var source = subscriber.Stream.Publisher?.Protocol ?? Protocols.Rtmp;
            context.Response.ContentType = RelayWireFormat.ContentType;
            context.Response.Headers.CacheControl = "no-store";
            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            logger.LogInformation("Relay play {Session} of {Stream} started (source {Protocol})", info, key, source);
            writer = new RelayBodyWriter(context.Response.BodyWriter, source);
            await writer.StartAsync(aborted);
            reason = await writer.RunAsync(subscriber, aborted);
            if (subscriber.Closed.IsCancellationRequested && !aborted.IsCancellationRequested)
                context.Abort(); // cut off by the core (too slow): don't wait to flush to a peer that isn't reading
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException && aborted.IsCancellationRequested)
        {
            reason = lifetime.ApplicationStopping.IsCancellationRequested ? "gateway stopping" : "relay node disconnected";
            if (writer is not null && !context.RequestAborted.IsCancellationRequested)
                await writer.TryWriteEndAsync("upstream gateway stopping", EndNoticeLimit);
        }
        logger.LogInformation("Relay play {Session} of {Stream} ended: {Reason}; {Frames} frames", info, key, reason, writer?.Frames ?? 0);
    }

    private Task RefuseAsync(HttpContext context, int status, string stream, string reason)
    {
        logger.LogWarning("Relay play of {Stream} for {Remote} refused with {Status}: {Reason}", stream, RelayHttp.Remote(context), status, reason);
        return RelayHttp.RefuseAsync(context, status, reason);
    }
}
