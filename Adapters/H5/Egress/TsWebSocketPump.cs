using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Unicode;
using InteropGateway.Codecs.Containers.MpegTs;
using InteropGateway.Codecs.Media;
using InteropGateway.Core.Relay;

namespace InteropGateway.Adapters.H5.Egress;

/// <summary>
/// Moves one viewer's frames into its WebSocket as MPEG-TS: each frame muxed into a reused buffer,
/// frames already queued batched into the same message (up to a size), one binary message per
/// batch. A viewer that stops reading fills its subscriber queue; the core then drops to the next
/// keyframe and finally cuts it off, and the cut-off aborts the socket so a blocked send ends.
/// </summary>
internal sealed class TsWebSocketPump(Subscriber subscriber, WebSocket socket, int maxMessageBytes, bool withClock)
{
    // Starts small and grows to the largest batch this viewer needs: 200 viewers x a full-size buffer
    // each was most of the gateway's memory per H5 viewer (tests/Bench/RESULTS.md).
    private readonly ArrayBufferWriter<byte> _message = new(16 * 1024);
    private readonly byte[] _clockMessage = new byte[96];
    private long _videoFramesSent;
    private long _lastClock;

    public async Task<string> RunAsync()
    {
        var muxer = new TsMuxer(subscriber.VideoTrack?.Codec ?? CodecId.Unknown, subscriber.AudioTrack?.Codec ?? CodecId.Unknown);
        using var cutOff = subscriber.Closed.Register(static state => ((WebSocket)state!).Abort(), socket);
        var receiving = DiscardIncomingAsync();
        try
        {
            while (await subscriber.ReadAsync() is { } frame)
            {
                Mux(muxer, frame);
                while (_message.WrittenCount < maxMessageBytes && subscriber.TryRead(out var next))
                    Mux(muxer, next);
                await socket.SendAsync(_message.WrittenMemory, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);
                _message.ResetWrittenCount();
                if (withClock)
                    await SendClockAsync();
            }
            var reason = subscriber.CloseReason ?? "stream ended";
            if (socket.State == WebSocketState.Open)
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "stream ended", CancellationToken.None);
            return reason;
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            return subscriber.CloseReason ?? (receiving.IsCompleted ? "player left" : $"send failed: {ex.Message}");
        }
        finally
        {
            subscriber.Close(subscriber.CloseReason ?? "player left");
            socket.Abort();
            await receiving;
        }
    }

    private void Mux(TsMuxer muxer, MediaFrame frame)
    {
        try
        {
            muxer.WriteFrame(frame, _message);
            if (frame.Kind == MediaKind.Video)
                _videoFramesSent++;
        }
        finally
        {
            frame.Release();
        }
    }

    /// <summary>
    /// Once a second: how many pictures this socket has carried so far. The player page notes when
    /// the message came and when its decoder reaches that picture: the time a picture spends between
    /// arriving and being shown, without needing the two machines' clocks to agree.
    /// </summary>
    private async ValueTask SendClockAsync()
    {
        var now = Stopwatch.GetTimestamp();
        if (Stopwatch.GetElapsedTime(_lastClock, now) < TimeSpan.FromSeconds(1))
            return;
        _lastClock = now;
        Utf8.TryWrite(_clockMessage, $"{{\"videoFrames\":{_videoFramesSent}}}", out var written);
        await socket.SendAsync(_clockMessage.AsMemory(0, written), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
    }

    /// <summary>JSMpeg sends nothing; reading still has to run so close frames (a tab closed) end the session.</summary>
    private async Task DiscardIncomingAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1024);
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                    break;
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            subscriber.Close("player left");
        }
    }
}
