using System.Buffers;

namespace InteropGateway.Adapters.Rtmp.Protocol;

/// <summary>
/// One reassembled RTMP message. The payload lives in a buffer rented from
/// <see cref="ArrayPool{T}.Shared"/>: the consumer owns the message and must <see cref="Dispose"/>
/// it exactly once when done (copy what it keeps, e.g. via MediaFrame.Copy, first).
/// </summary>
public sealed class RtmpMessage : IDisposable
{
    private byte[]? _buffer;
    private readonly int _length;

    internal RtmpMessage(byte typeId, uint timestamp, uint streamId, byte[] buffer, int length)
    {
        TypeId = typeId;
        Timestamp = timestamp;
        StreamId = streamId;
        _buffer = buffer;
        _length = length;
    }

    public byte TypeId { get; }
    /// <summary>Absolute RTMP timestamp in milliseconds; wraps at 2^32.</summary>
    public uint Timestamp { get; }
    public uint StreamId { get; }
    public int Length => _length;

    public ReadOnlyMemory<byte> Payload => (_buffer ?? throw Disposed()).AsMemory(0, _length);
    public ReadOnlySpan<byte> Span => (_buffer ?? throw Disposed()).AsSpan(0, _length);

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null && buffer.Length > 0)
            ArrayPool<byte>.Shared.Return(buffer);
    }

    private static ObjectDisposedException Disposed() => new(nameof(RtmpMessage));

    public override string ToString() => $"type={TypeId} ts={Timestamp} msid={StreamId} {_length}B";
}
