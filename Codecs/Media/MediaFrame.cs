using System.Buffers;
using System.Collections.Concurrent;

namespace InteropGateway.Codecs.Media;

/// <summary>
/// One access unit in the core media model: track config, DTS/PTS in <see cref="Timebase"/> ticks,
/// keyframe flag and the canonical payload.
///
/// Frames are pooled and reference counted so fan-out to N subscribers shares one buffer: the
/// publisher rents a frame (count 1), fills it, publishes it, and releases its own reference. Every
/// holder (GOP cache, subscriber queue, encoder) calls <see cref="AddRef"/> before keeping it and
/// <see cref="Release"/> when done. The payload is immutable once published.
/// </summary>
public sealed class MediaFrame
{
    private const int MaxPooledFrames = 4096;
    private static readonly ConcurrentQueue<MediaFrame> FramePool = new();
    private static int _pooledCount;

    private byte[] _buffer = [];
    private int _length;
    private int _refCount;

    private MediaFrame() { }

    public TrackConfig Track { get; private set; } = null!;
    public long Dts { get; set; }
    public long Pts { get; set; }
    public bool IsKeyframe { get; set; }

    public MediaKind Kind => Track.Kind;
    public CodecId Codec => Track.Codec;
    public int Length => _length;
    public ReadOnlyMemory<byte> Payload => _buffer.AsMemory(0, _length);

    /// <summary>Writable view for the producer, before the frame is published.</summary>
    public Span<byte> WritablePayload => _buffer.AsSpan(0, _length);

    /// <summary>Rents a frame with a payload of <paramref name="length"/> bytes (contents undefined).</summary>
    public static MediaFrame Rent(TrackConfig track, int length, long dts, long pts, bool isKeyframe)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (!FramePool.TryDequeue(out var frame))
            frame = new MediaFrame();
        else
            Interlocked.Decrement(ref _pooledCount);
        frame._buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        frame._length = length;
        frame._refCount = 1;
        frame.Track = track;
        frame.Dts = dts;
        frame.Pts = pts;
        frame.IsKeyframe = isKeyframe;
        return frame;
    }

    /// <summary>Rents a frame holding a copy of <paramref name="payload"/>.</summary>
    public static MediaFrame Copy(TrackConfig track, ReadOnlySpan<byte> payload, long dts, long pts, bool isKeyframe)
    {
        var frame = Rent(track, payload.Length, dts, pts, isKeyframe);
        payload.CopyTo(frame.WritablePayload);
        return frame;
    }

    /// <summary>Rents a frame holding a copy of a possibly multi-segment payload.</summary>
    public static MediaFrame Copy(TrackConfig track, in ReadOnlySequence<byte> payload, long dts, long pts, bool isKeyframe)
    {
        var frame = Rent(track, checked((int)payload.Length), dts, pts, isKeyframe);
        payload.CopyTo(frame.WritablePayload);
        return frame;
    }

    public int ReferenceCount => Volatile.Read(ref _refCount);

    public MediaFrame AddRef()
    {
        var count = Interlocked.Increment(ref _refCount);
        if (count <= 1)
            throw new InvalidOperationException("AddRef on a released MediaFrame");
        return this;
    }

    public void Release()
    {
        var count = Interlocked.Decrement(ref _refCount);
        if (count > 0)
            return;
        if (count < 0)
            throw new InvalidOperationException("MediaFrame released more times than referenced");
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        _length = 0;
        Track = null!;
        if (Interlocked.Increment(ref _pooledCount) <= MaxPooledFrames)
            FramePool.Enqueue(this);
        else
            Interlocked.Decrement(ref _pooledCount);
    }

    public override string ToString() =>
        $"{Track?.Codec.Name()} dts={Dts} pts={Pts}{(IsKeyframe ? " key" : "")} {_length}B";
}
