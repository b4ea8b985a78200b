using InteropGateway.Codecs.Containers.MpegTs;
using InteropGateway.Codecs.Media;
using InteropGateway.Core.Relay;

namespace InteropGateway.Adapters.Ts;

/// <summary>
/// Moves one subscriber's frames out as MPEG-TS in datagram-sized pieces (SRT, plain UDP): frames
/// are muxed into one reused buffer, the frames already queued batched with them, and the packets
/// handed to <c>send</c> in whole 188-byte packets, <c>chunkBytes</c> at a time (1316 = 7 packets,
/// the size SRT and UDP senders use so a datagram fits an Ethernet MTU). Like ffmpeg's UDP output,
/// a tail shorter than a chunk waits for the next frame (a frame interval at most) and goes out
/// short only when the stream ends. Nothing is allocated per frame once the buffer has grown to the
/// largest batch.
/// </summary>
public sealed class TsSubscriberPump
{
    /// <summary>Queued frames are batched until this much TS is ready, then sent, so a backlog goes out in bounded bursts.</summary>
    private const int BatchBytes = 64 * 1024;

    private readonly Subscriber _subscriber;
    private readonly int _chunkBytes;
    private readonly TsChunkBuffer _ts = new(BatchBytes + 64 * 1024);

    public TsSubscriberPump(Subscriber subscriber, int chunkBytes = 1316)
    {
        if (chunkBytes < TsConstants.PacketSize)
            throw new ArgumentOutOfRangeException(nameof(chunkBytes), chunkBytes, "a chunk holds at least one 188-byte TS packet");
        _subscriber = subscriber;
        _chunkBytes = chunkBytes / TsConstants.PacketSize * TsConstants.PacketSize;
    }

    public long PacketsSent { get; private set; }
    public long FramesMuxed { get; private set; }
    /// <summary>Frames the muxer could not format (a malformed payload); they are left out, the stream goes on.</summary>
    public long FramesRejected { get; private set; }

    /// <summary>
    /// Runs until the stream ends, the subscriber is cut off, <paramref name="send"/> throws (the
    /// reason then names the error), or <paramref name="cancellationToken"/> fires; returns why. The
    /// subscriber is closed on the way out.
    /// </summary>
    public async Task<string> RunAsync(Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> send, CancellationToken cancellationToken)
    {
        // Declaring both tracks up front puts both in the first PMT, even if one track's first frame comes later.
        var muxer = new TsMuxer(_subscriber.VideoTrack?.Codec ?? CodecId.Unknown, _subscriber.AudioTrack?.Codec ?? CodecId.Unknown);
        // Subscriber.ReadAsync takes no token (a cancellable wait would allocate per frame): cancellation closes it instead.
        await using var stop = cancellationToken.Register(static state => ((Subscriber)state!).Close("stopped by the gateway"), _subscriber);
        try
        {
            while (await _subscriber.ReadAsync() is { } frame)
            {
                Mux(muxer, frame);
                while (_ts.Length < BatchBytes && _subscriber.TryRead(out var next))
                    Mux(muxer, next);
                await SendAsync(send, wholeChunksOnly: true, cancellationToken);
            }
            await SendAsync(send, wholeChunksOnly: false, cancellationToken);
            return _subscriber.CloseReason ?? "stream ended";
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return _subscriber.CloseReason ?? "stopped by the gateway";
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The transport failed (socket error, peer gone): this output ends, the stream and its other players go on.
            return $"send failed: {ex.Message}";
        }
        finally
        {
            _subscriber.Close(_subscriber.CloseReason ?? "output stopped");
        }
    }

    private void Mux(TsMuxer muxer, MediaFrame frame)
    {
        try
        {
            if (muxer.WriteFrame(frame, _ts) > 0)
                FramesMuxed++;
            else
                FramesRejected++;
        }
        finally
        {
            frame.Release();
        }
    }

    private async ValueTask SendAsync(Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> send, bool wholeChunksOnly, CancellationToken cancellationToken)
    {
        var ready = _ts.Written;
        var sending = wholeChunksOnly ? ready.Length / _chunkBytes * _chunkBytes : ready.Length;
        for (var offset = 0; offset < sending; offset += _chunkBytes)
            await send(ready.Slice(offset, Math.Min(_chunkBytes, sending - offset)), cancellationToken);
        PacketsSent += sending / TsConstants.PacketSize;
        _ts.Consume(sending);
    }
}
