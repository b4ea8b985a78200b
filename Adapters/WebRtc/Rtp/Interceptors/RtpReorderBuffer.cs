using System.Buffers;

namespace InteropGateway.Adapters.WebRtc.Rtp.Interceptors;

/// <summary>
/// Receive-side interceptor that puts packets back in sequence order before the depacketizer. A
/// packet after a gap waits until the gap is filled (reordering, or a NACKed retransmission), the
/// oldest waiting packet has waited <see cref="MaxDelayMs"/>, or the buffer is full; then the gap
/// is given up and what follows goes on. Packets older than what was already passed on are dropped.
/// Waiting packets are copied into pooled slot buffers rented once.
/// </summary>
public sealed class RtpReorderBuffer : IRtpPacketSink, IDisposable
{
    public const int DefaultCapacity = 64;
    private const int SlotSize = 1500;

    private readonly IRtpPacketSink _next;
    private readonly Func<long> _nowMs;
    private readonly byte[]?[] _slots;
    private readonly int[] _lengths;
    private readonly long[] _arrivalMs;
    private readonly int _mask;
    private readonly Lock _lock = new();
    private int _waiting;
    private bool _started;
    private ushort _expected;

    /// <param name="capacity">A power of two.</param>
    public RtpReorderBuffer(IRtpPacketSink next, Func<long>? nowMs = null, int capacity = DefaultCapacity, int maxDelayMs = 50)
    {
        if (capacity <= 0 || (capacity & (capacity - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "must be a power of two");
        _next = next;
        _nowMs = nowMs ?? (() => Environment.TickCount64);
        _slots = new byte[]?[capacity];
        _lengths = new int[capacity];
        _arrivalMs = new long[capacity];
        _mask = capacity - 1;
        MaxDelayMs = maxDelayMs;
    }

    public int MaxDelayMs { get; }
    public long PacketsLate { get; private set; }
    public long GapsSkipped { get; private set; }
    public int Waiting { get { lock (_lock) return _waiting; } }

    public void OnRtpPacket(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < RtpHeader.FixedSize || packet.Length > SlotSize)
            return;
        lock (_lock)
        {
            var sequenceNumber = RtpHeader.ReadSequenceNumber(packet);
            if (!_started)
            {
                _started = true;
                _expected = sequenceNumber;
            }
            var distance = RtpSequence.Distance(_expected, sequenceNumber);
            if (distance < 0)
            {
                PacketsLate++;
                return;
            }
            if (distance == 0)
            {
                _next.OnRtpPacket(packet);
                _expected++;
                Drain();
            }
            else if (distance >= _slots.Length)
            {
                // Too far ahead to hold: everything waiting goes on, and we jump.
                FlushWaiting();
                _next.OnRtpPacket(packet);
                _expected = (ushort)(sequenceNumber + 1);
                Drain();
            }
            else
            {
                Hold(sequenceNumber, packet);
            }
            ReleaseOverdue();
        }
    }

    /// <summary>Gives up gaps that have waited too long; call from the session's timer when no packets come.</summary>
    public void Poll()
    {
        lock (_lock)
            ReleaseOverdue();
    }

    private void Hold(ushort sequenceNumber, ReadOnlySpan<byte> packet)
    {
        var slot = sequenceNumber & _mask;
        if (_lengths[slot] != 0)
            return; // a duplicate of a waiting packet
        var buffer = _slots[slot] ??= ArrayPool<byte>.Shared.Rent(SlotSize);
        packet.CopyTo(buffer);
        _lengths[slot] = packet.Length;
        _arrivalMs[slot] = _nowMs();
        _waiting++;
    }

    private void ReleaseOverdue()
    {
        while (_waiting > 0)
        {
            var oldest = OldestWaiting(out var arrival);
            if (_waiting < _slots.Length - 1 && _nowMs() - arrival < MaxDelayMs)
                return;
            GapsSkipped++;
            _expected = oldest;
            Drain();
        }
    }

    /// <summary>The lowest waiting sequence number (the first after the gap) and when the earliest waiting packet came.</summary>
    private ushort OldestWaiting(out long earliestArrival)
    {
        earliestArrival = long.MaxValue;
        ushort first = 0;
        var found = false;
        for (var d = 1; d < _slots.Length; d++)
        {
            var sequenceNumber = (ushort)(_expected + d);
            var slot = sequenceNumber & _mask;
            if (_lengths[slot] == 0)
                continue;
            if (!found)
            {
                first = sequenceNumber;
                found = true;
            }
            earliestArrival = Math.Min(earliestArrival, _arrivalMs[slot]);
        }
        return first;
    }

    private void Drain()
    {
        while (_waiting > 0)
        {
            var slot = _expected & _mask;
            if (_lengths[slot] == 0 || RtpHeader.ReadSequenceNumber(_slots[slot]) != _expected)
                return;
            var length = _lengths[slot];
            _lengths[slot] = 0;
            _waiting--;
            _next.OnRtpPacket(_slots[slot].AsSpan(0, length));
            _expected++;
        }
    }

    /// <summary>Passes on everything waiting, in order, giving up the gaps between.</summary>
    private void FlushWaiting()
    {
        while (_waiting > 0)
        {
            _expected = OldestWaiting(out _);
            Drain();
        }
        GapsSkipped++;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            for (var i = 0; i < _slots.Length; i++)
            {
                if (_slots[i] is { } buffer)
                    ArrayPool<byte>.Shared.Return(buffer);
                _slots[i] = null;
                _lengths[i] = 0;
            }
            _waiting = 0;
        }
    }
}
