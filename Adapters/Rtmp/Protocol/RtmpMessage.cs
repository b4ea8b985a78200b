using System.Buffers;
using System.Collections.Concurrent;

namespace InteropGateway.Adapters.Rtmp.Protocol;

/// <summary>
/// One reassembled RTMP message. The payload lives in a buffer rented from
/// <see cref="ArrayPool{T}.Shared"/> and the message object itself is pooled, so ingest allocates
/// nothing per message: the consumer owns the message and must <see cref="Dispose"/> it exactly
/// once when done (copy what it keeps, e.g. via MediaFrame.Copy, first) and not touch it after.
/// </summary>
public sealed class RtmpMessage : IDisposable
{
    private const int MaxPooled = 256;
    private static readonly ConcurrentQueue<RtmpMessage> Pool = new();
    private static int _pooled;

    private byte[]? _buffer;
    private int _length;

    private RtmpMessage() { }

    internal static RtmpMessage Rent(byte typeId, uint timestamp, uint streamId, byte[] buffer, int length)
    {
        if (Pool.TryDequeue(out var message))
            Interlocked.Decrement(ref _pooled);
        else
            message = new RtmpMessage();
        message.TypeId = typeId;
        message.Timestamp = timestamp;
        message.StreamId = streamId;
        message._buffer = buffer;
        message._length = length;
        return message;
    }

    public byte TypeId { get; private set; }
    /// <summary>Absolute RTMP timestamp in milliseconds; wraps at 2^32.</summary>
    public uint Timestamp { get; private set; }
    public uint StreamId { get; private set; }
    public int Length => _length;

    public ReadOnlyMemory<byte> Payload => (_buffer ?? throw Disposed()).AsMemory(0, _length);
    public ReadOnlySpan<byte> Span => (_buffer ?? throw Disposed()).AsSpan(0, _length);

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is null)
            return; // already disposed
        if (buffer.Length > 0)
            ArrayPool<byte>.Shared.Return(buffer);
        _length = 0;
        if (Interlocked.Increment(ref _pooled) <= MaxPooled)
            Pool.Enqueue(this);
        else
            Interlocked.Decrement(ref _pooled);
    }

    private static ObjectDisposedException Disposed() => new(nameof(RtmpMessage));

    public override string ToString() => $"type={TypeId} ts={Timestamp} msid={StreamId} {_length}B";
}
