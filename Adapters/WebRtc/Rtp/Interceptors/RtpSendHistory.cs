using System.Buffers;

namespace InteropGateway.Adapters.WebRtc.Rtp.Interceptors;

/// <summary>
/// The last N packets sent on one SSRC, indexed by sequence number, so NACKed packets can be sent
/// again. A ring of pooled buffers: each slot's buffer is rented once and reused, so storing a
/// packet is a copy, never an allocation.
/// </summary>
public sealed class RtpSendHistory : IDisposable
{
    public const int DefaultCapacity = 512;
    private const int SlotSize = 1500;

    private readonly byte[]?[] _buffers;
    private readonly int[] _lengths;
    private readonly ushort[] _sequenceNumbers;
    private readonly int _mask;

    /// <param name="capacity">A power of two; 512 packets is ~1 s of 4 Mbit/s video.</param>
    public RtpSendHistory(int capacity = DefaultCapacity)
    {
        if (capacity <= 0 || (capacity & (capacity - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "must be a power of two");
        _buffers = new byte[]?[capacity];
        _lengths = new int[capacity];
        _sequenceNumbers = new ushort[capacity];
        _mask = capacity - 1;
    }

    public int Capacity => _buffers.Length;

    public void Store(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < RtpHeader.FixedSize || packet.Length > SlotSize)
            return; // not RTP, or larger than any MTU: never retransmitted
        var sequenceNumber = RtpHeader.ReadSequenceNumber(packet);
        var slot = sequenceNumber & _mask;
        var buffer = _buffers[slot] ??= ArrayPool<byte>.Shared.Rent(SlotSize);
        packet.CopyTo(buffer);
        _lengths[slot] = packet.Length;
        _sequenceNumbers[slot] = sequenceNumber;
    }

    /// <summary>The stored packet with this sequence number, if it is still in the ring.</summary>
    public bool TryGet(ushort sequenceNumber, out ReadOnlySpan<byte> packet)
    {
        var slot = sequenceNumber & _mask;
        var buffer = _buffers[slot];
        if (buffer is null || _lengths[slot] == 0 || _sequenceNumbers[slot] != sequenceNumber)
        {
            packet = default;
            return false;
        }
        packet = buffer.AsSpan(0, _lengths[slot]);
        return true;
    }

    public void Dispose()
    {
        for (var i = 0; i < _buffers.Length; i++)
        {
            if (_buffers[i] is { } buffer)
                ArrayPool<byte>.Shared.Return(buffer);
            _buffers[i] = null;
            _lengths[i] = 0;
        }
    }
}
