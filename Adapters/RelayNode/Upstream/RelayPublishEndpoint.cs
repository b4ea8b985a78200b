using InteropGateway.Adapters.RelayNode.Link;
using InteropGateway.Adapters.RelayNode.Wire;
using InteropGateway.Core.Hosting;
using InteropGateway.Core.Relay;
using InteropGateway.Core.Sessions;
using InteropGateway.Matrix;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace InteropGateway.Adapters.RelayNode.Upstream;

/// <summary>
/// <c>POST /relay/publish/{app}/{stream}</c>: a relay node pushes a stream here, its request body a
/// relay stream (<see cref="RelayWireFormat"/>). The publisher takes the protocol of the original
/// source from the Hello, so the matrix routes the stream as if that source had published here.
/// Refusals: 400 (bad key or bad body), 401 (token), 409 (key taken). On acceptance the 200 goes
/// out at once, before any frame, and the body is read until the relay ends it; the response body
/// then says why the publication ended.
/// </summary>
internal sealed class RelayPublishEndpoint(StreamHub hub, RelayAccess access, IHostApplicationLifetime lifetime, ILogger<RelayPublishEndpoint> logger)
    : IEndpointContributor
{
    /// <summary>A relay sends its Hello right after the request headers; a silent one is not a relay.</summary>
    private static readonly TimeSpan HelloTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ReasonLimit = TimeSpan.FromSeconds(1);

    public void MapEndpoints(IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/relay/publish/{app}/{stream}", PublishAsync);

    private async Task PublishAsync(HttpContext context, string app, string stream)
    {
        var remote = RelayHttp.Remote(context);
        if (await access.AdmitAsync(context, app, stream, RefuseAsync) is not { } key)
            return;
        // A live body has no end in sight: no size cap, and no minimum rate (an audio-only stream is slow).
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = null;
        if (context.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } rate)
            rate.MinDataRate = null;

        var body = new RelayBodyReader(context.Request.BodyReader, RelayWireLimits.Default);
        string protocol;
        try
        {
            using var helloWait = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            helloWait.CancelAfter(HelloTimeout);
            protocol = await body.ReadHelloAsync(helloWait.Token);
        }
        catch (RelayWireException ex)
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, key.ToString(), $"bad relay body: {ex.Message}");
            return;
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, key.ToString(), $"no relay Hello within {HelloTimeout.TotalSeconds:F0} s");
            return;
        }
        if (!Protocols.IsKnown(protocol))
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, key.ToString(), $"unknown source protocol '{protocol}'");
            return;
        }
        var info = new SessionInfo(protocol, remote, SessionInfo.NewId()) { Transport = RelayTransports.Push };
        if (!hub.TryPublish(key, info, out var publication, out var error))
        {
            await RefuseAsync(context, StatusCodes.Status409Conflict, key.ToString(), error);
            return;
        }
        await AcceptAsync(context);
        logger.LogInformation("Relay push {Session} publishes {Stream} (source {Protocol})", info, key, protocol);
        string reason;
        try
        {
            // Ends with the gateway too: the server's graceful stop would otherwise wait its whole timeout for a live body.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, publication.Revoked, lifetime.ApplicationStopping);
            reason = await body.PumpAsync(publication, stop.Token);
        }
        catch (RelayWireException ex)
        {
            reason = $"bad relay body: {ex.Message}";
            logger.LogWarning("Relay push {Session} of {Stream} refused: {Reason}", info, key, reason);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or BadHttpRequestException)
        {
            reason = publication.EndReason ?? (lifetime.ApplicationStopping.IsCancellationRequested ? "gateway stopping" : $"relay connection lost: {ex.Message}");
        }
        publication.End(reason);
        logger.LogInformation("Relay push {Session} of {Stream} ended: {Reason}; {Frames} frames, {Bytes} bytes", info, key, reason, body.Frames, body.Bytes);
        if (!context.RequestAborted.IsCancellationRequested)
        {
            // The relay node logs this as the reason its push ended; bounded, as it may have stopped reading.
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            limit.CancelAfter(ReasonLimit);
            try { await context.Response.WriteAsync(reason + "\n", limit.Token); }
            catch (Exception ex) when (ex is OperationCanceledException or IOException) { }
        }
    }

    /// <summary>Sends the 200 now: the relay waits for it before it subscribes, so it starts on a fresh keyframe.</summary>
    private static async Task AcceptAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.StartAsync(context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    private Task RefuseAsync(HttpContext context, int status, string stream, string reason)
    {
        logger.LogWarning("Relay push of {Stream} from {Remote} refused with {Status}: {Reason}", stream, RelayHttp.Remote(context), status, reason);
        // The unread rest of a refused body is a live stream, or garbage: over HTTP/1.1 the connection
        // can't carry another request. Saying so keeps a client from reusing it and failing its next
        // request on the close that follows. (HTTP/2 ends just the stream.)
        if (HttpProtocol.IsHttp11(context.Request.Protocol))
            context.Response.Headers.Connection = "close";
        return RelayHttp.RefuseAsync(context, status, reason);
    }
}
