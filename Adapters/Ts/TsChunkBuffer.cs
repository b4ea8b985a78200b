using System.Buffers;

namespace InteropGateway.Adapters.Ts;

/// <summary>
/// The TS bytes a <see cref="TsSubscriberPump"/> has muxed and not yet sent: a buffer writer for
/// the muxer that keeps the unsent tail (less than one datagram) at its front, so the next frames
/// fill the datagram up instead of going out as a short one. Grows to the largest batch, then is reused.
/// </summary>
internal sealed class TsChunkBuffer(int initialCapacity) : IBufferWriter<byte>
{
    private byte[] _buffer = new byte[initialCapacity];
    private int _length;

    public int Length => _length;
    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, _length);

    public void Advance(int count) => _length += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _buffer.AsMemory(_length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _buffer.AsSpan(_length);
    }

    /// <summary>Drops the first <paramref name="sent"/> bytes, moving what is left to the front.</summary>
    public void Consume(int sent)
    {
        _buffer.AsSpan(sent, _length - sent).CopyTo(_buffer);
        _length -= sent;
    }

    private void Reserve(int sizeHint)
    {
        var needed = _length + Math.Max(sizeHint, 1);
        if (needed > _buffer.Length)
            Array.Resize(ref _buffer, Math.Max(needed, _buffer.Length * 2));
    }
}
