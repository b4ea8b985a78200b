using System.IO.Pipelines;
using System.Net;
using System.Net.WebSockets;
using InteropGateway.Adapters.Ts;
using InteropGateway.Core.Hosting;
using InteropGateway.Core.Relay;
using InteropGateway.Core.Sessions;
using InteropGateway.Matrix;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InteropGateway.Adapters.H5.Ingest;

/// <summary>
/// H5 publish: <c>POST /h5/ingest/{app}/{stream}</c> with an MPEG-TS body of any length (chunked,
/// as <c>ffmpeg -f mpegts http://...</c> sends it), or a WebSocket to the same path carrying TS in
/// binary messages. The publisher is tagged <c>h5</c>, so RTMP and WebRTC players are served
/// through MPEG-1 -> H264 and MP2 -> AAC/Opus branches. The TS is read by the same code as SRT and
/// UDP, so a push that carries H264/AAC instead is published too.
/// </summary>
internal sealed class H5IngestEndpoint(StreamHub hub, IOptions<H5Options> options, ILogger<H5IngestEndpoint> logger) : IEndpointContributor
{
    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/h5/ingest/{app}/{stream}", IngestPostAsync);
        endpoints.MapGet("/h5/ingest/{app}/{stream}", IngestWebSocketAsync);
    }

    private async Task IngestPostAsync(HttpContext context, string app, string stream)
    {
        // A live body has no end in sight: no size cap, and a stall is caught by the idle timeout instead of a data rate.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = null;
        if (context.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } rate)
            rate.MinDataRate = null;
        await IngestAsync(context, app, stream, "h5-post", (session, publication) => PumpBodyAsync(context.Request.BodyReader, session, publication));
    }

    private async Task IngestWebSocketAsync(HttpContext context, string app, string stream)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await H5Http.RefuseAsync(context, StatusCodes.Status405MethodNotAllowed, "POST an MPEG-TS body here, or open a WebSocket");
            return;
        }
        await IngestAsync(context, app, stream, "h5-ws-push", async (session, publication) =>
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            return await PumpWebSocketAsync(socket, session, publication);
        });
    }

    private async Task IngestAsync(HttpContext context, string app, string stream, string transport,
        Func<TsPublisher, Publication, Task<string>> pump)
    {
        if (!StreamKey.TryCreate(app, stream, out var key, out var error))
        {
            await H5Http.RefuseAsync(context, StatusCodes.Status400BadRequest, error);
            return;
        }
        var info = new SessionInfo(Protocols.H5, context.Connection.RemoteIpAddress is { } ip ? new IPEndPoint(ip, context.Connection.RemotePort) : null,
            SessionInfo.NewId()) { Transport = transport };
        if (!hub.TryPublish(key.Value, info, out var publication, out error))
        {
            await H5Http.RefuseAsync(context, StatusCodes.Status409Conflict, error);
            return;
        }
        logger.LogInformation("H5 ingest {Session} started publishing {Stream}", info, key);
        using var session = new TsPublisher(publication, logger, options.Value.MaxPesBytes);
        string reason;
        try
        {
            reason = await pump(session, publication);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or WebSocketException or BadHttpRequestException)
        {
            reason = publication.EndReason ?? $"connection lost: {ex.Message}";
        }
        session.Dispose(); // the last video PES, open until the input ended, is complete now
        publication.End(reason);
        logger.LogInformation("H5 ingest {Session} of {Stream} ended: {Reason}; {Summary}", info, key, reason, session.Summary);
        if (transport == "h5-post" && !context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
            await context.Response.WriteAsync($"{reason}; {session.Summary}\n");
    }

    private async Task<string> PumpBodyAsync(PipeReader body, TsPublisher session, Publication publication)
    {
        // Not linked to RequestAborted: ffmpeg closes its socket right after the last chunk, which
        // aborts the request while the end of the body is still buffered, and those frames would be
        // lost. A connection that really breaks mid-body fails the read by itself.
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(publication.Revoked);
        while (true)
        {
            idle.CancelAfter(options.Value.IngestIdleTimeout);
            ReadResult read;
            try
            {
                read = await body.ReadAsync(idle.Token);
            }
            catch (OperationCanceledException) when (idle.IsCancellationRequested)
            {
                return publication.EndReason ?? $"idle: nothing received for {options.Value.IngestIdleTimeout.TotalSeconds:F0} s";
            }
            session.Push(read.Buffer);
            body.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted)
                return "publisher finished";
        }
    }

    private async Task<string> PumpWebSocketAsync(WebSocket socket, TsPublisher session, Publication publication)
    {
        var buffer = new byte[64 * 1024]; // one per publisher connection
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(publication.Revoked);
        while (true)
        {
            idle.CancelAfter(options.Value.IngestIdleTimeout);
            ValueWebSocketReceiveResult result;
            try
            {
                result = await socket.ReceiveAsync(buffer.AsMemory(), idle.Token);
            }
            catch (OperationCanceledException)
            {
                return publication.EndReason ?? $"idle: nothing received for {options.Value.IngestIdleTimeout.TotalSeconds:F0} s";
            }
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                return "publisher finished";
            }
            session.Push(buffer.AsSpan(0, result.Count));
        }
    }
}
