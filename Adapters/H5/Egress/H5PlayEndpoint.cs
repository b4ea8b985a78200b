using System.Net;
using InteropGateway.Core.Hosting;
using InteropGateway.Core.Relay;
using InteropGateway.Core.Sessions;
using InteropGateway.Matrix;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InteropGateway.Adapters.H5.Egress;

/// <summary>
/// <c>ws://HOST:8080/h5/{app}/{stream}</c>: the stream as MPEG-TS with MPEG-1 video and MP2 audio in
/// binary WebSocket messages, as JSMpeg's WebSocket source expects. The viewer subscribes with
/// protocol <c>h5</c>, so the router feeds it from the stream's shared MPEG-1 and MP2 branches,
/// starting on an I-picture from the branch's GOP cache. <c>?clock=1</c> (the gateway's own player
/// page) adds a text message per second for its latency readout; plain JSMpeg pages don't ask for it.
/// </summary>
internal sealed class H5PlayEndpoint(StreamHub hub, IOptions<H5Options> options, ILogger<H5PlayEndpoint> logger) : IEndpointContributor
{
    public void MapEndpoints(IEndpointRouteBuilder endpoints) =>
        endpoints.Map("/h5/{app}/{stream}", PlayAsync);

    private async Task PlayAsync(HttpContext context, string app, string stream)
    {
        if (!StreamKey.TryCreate(app, stream, out var key, out var error))
        {
            await H5Http.RefuseAsync(context, StatusCodes.Status400BadRequest, error);
            return;
        }
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await H5Http.RefuseAsync(context, StatusCodes.Status426UpgradeRequired, $"ws://{context.Request.Host}/h5/{key} is a WebSocket; the player page is /play/{key}");
            return;
        }
        var info = new SessionInfo(Protocols.H5, context.Connection.RemoteIpAddress is { } ip ? new IPEndPoint(ip, context.Connection.RemotePort) : null,
            SessionInfo.NewId()) { Transport = "h5-ws" };
        using var subscriber = hub.Subscribe(key.Value, info);
        // Wait for the stream before accepting, so a player of nothing gets a 404 with the reason, not an empty socket.
        if (!await subscriber.WaitForDataAsync(context.RequestAborted))
        {
            await H5Http.RefuseAsync(context, StatusCodes.Status404NotFound, subscriber.CloseReason ?? "stream ended");
            return;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        logger.LogInformation("H5 session {Session} started for {Stream}", info, key);
        var withClock = context.Request.Query.ContainsKey("clock");
        var reason = await new TsWebSocketPump(subscriber, socket, options.Value.MaxMessageBytes, withClock).RunAsync();
        logger.LogInformation("H5 session {Session} for {Stream} ended: {Reason} ({Frames} frames, {Dropped} dropped)",
            info, key, reason, subscriber.FramesDelivered, subscriber.FramesDropped);
    }
}
