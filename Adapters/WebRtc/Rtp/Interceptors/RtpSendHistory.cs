using System.Buffers;

namespace InteropGateway.Adapters.WebRtc.Rtp.Interceptors;

/// <summary>
/// The recent packets sent on one SSRC, indexed by sequence number, so NACKed packets can be sent
/// again. Packets are copied back to back into one pooled byte ring at their real size, bounded
/// both in packets (the sequence-number slots) and in bytes: an Opus packet takes its ~200 bytes,
/// not an MTU-sized slot, so a viewer's audio history costs a few dozen kilobytes. Storing a
/// packet is a copy, never an allocation.
/// </summary>
public sealed class RtpSendHistory : IDisposable
{
    public const int DefaultCapacity = 512;
    /// <summary>About a second of 4 Mbit/s video.</summary>
    public const int VideoBytes = 512 * 1024;
    /// <summary>Several seconds of Opus.</summary>
    public const int AudioBytes = 32 * 1024;
    private const int MaxPacketSize = 1500;

    private readonly long[] _positions;
    private readonly int[] _lengths;
    private readonly ushort[] _sequenceNumbers;
    private readonly int _mask;
    private readonly int _ringSize;
    private byte[]? _ring;
    // Bytes ever written (ring position = _written % _ringSize): a packet stored at position p is
    // intact while nothing has been written at p + _ringSize or beyond.
    private long _written;

    /// <param name="capacity">Packets kept at most; a power of two.</param>
    /// <param name="bytes">Bytes kept at most (at least one MTU-sized packet).</param>
    public RtpSendHistory(int capacity = DefaultCapacity, int bytes = VideoBytes)
    {
        if (capacity <= 0 || (capacity & (capacity - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "must be a power of two");
        ArgumentOutOfRangeException.ThrowIfLessThan(bytes, MaxPacketSize);
        _positions = new long[capacity];
        _lengths = new int[capacity];
        _sequenceNumbers = new ushort[capacity];
        _mask = capacity - 1;
        _ringSize = bytes;
    }

    public int Capacity => _lengths.Length;

    public void Store(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < RtpHeader.FixedSize || packet.Length > MaxPacketSize)
            return; // not RTP, or larger than any MTU: never retransmitted
        _ring ??= ArrayPool<byte>.Shared.Rent(_ringSize);
        var offset = (int)(_written % _ringSize);
        if (offset + packet.Length > _ringSize)
        {
            _written += _ringSize - offset; // never split a packet across the end: start again at 0
            offset = 0;
        }
        packet.CopyTo(_ring.AsSpan(offset));
        var sequenceNumber = RtpHeader.ReadSequenceNumber(packet);
        var slot = sequenceNumber & _mask;
        _positions[slot] = _written;
        _lengths[slot] = packet.Length;
        _sequenceNumbers[slot] = sequenceNumber;
        _written += packet.Length;
    }

    /// <summary>The stored packet with this sequence number, if it is still in the history.</summary>
    public bool TryGet(ushort sequenceNumber, out ReadOnlySpan<byte> packet)
    {
        var slot = sequenceNumber & _mask;
        var length = _lengths[slot];
        var position = _positions[slot];
        if (_ring is null || length == 0 || _sequenceNumbers[slot] != sequenceNumber || _written > position + _ringSize)
        {
            packet = default;
            return false;
        }
        packet = _ring.AsSpan((int)(position % _ringSize), length);
        return true;
    }

    public void Dispose()
    {
        if (_ring is { } ring)
            ArrayPool<byte>.Shared.Return(ring);
        _ring = null;
        Array.Clear(_lengths);
    }
}
