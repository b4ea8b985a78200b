using InteropGateway.Adapters.WebRtc.Rtp.Rtcp;

namespace InteropGateway.Adapters.WebRtc.Rtp.Interceptors;

/// <summary>
/// Receive-side interceptor: watches sequence numbers on their way to the next stage, remembers
/// the missing ones (a bounded list), and on <see cref="Poll"/> writes a generic NACK for those due
/// a request. Each number is asked for at most <see cref="MaxRetries"/> times, spaced by
/// <see cref="RetryIntervalMs"/>, and forgotten once it arrives or grows too old. A gap wider
/// than the list is not NACKed at all: that much loss is cheaper to fix with a keyframe.
/// </summary>
public sealed class NackRequester : IRtpPacketSink
{
    private const int MaxTracked = 128;

    private readonly IRtpPacketSink _next;
    private readonly Func<long> _nowMs;
    private readonly Missing[] _missing = new Missing[MaxTracked];
    private readonly ushort[] _due = new ushort[MaxTracked];
    private readonly byte[] _rtcp = new byte[RtcpGenericNack.MeasureMax(MaxTracked)];
    private readonly Lock _lock = new();
    private int _missingCount;
    private bool _started;
    private ushort _highest;

    public NackRequester(uint senderSsrc, IRtpPacketSink next, Func<long>? nowMs = null)
    {
        SenderSsrc = senderSsrc;
        _next = next;
        _nowMs = nowMs ?? (() => Environment.TickCount64);
    }

    public uint SenderSsrc { get; }
    public uint MediaSsrc { get; private set; }
    public int MaxRetries { get; init; } = 5;
    public int RetryIntervalMs { get; init; } = 30;
    /// <summary>After this, a retransmission would arrive too late to be played.</summary>
    public int GiveUpAfterMs { get; init; } = 1000;
    public long NacksSent { get; private set; }
    public int MissingCount { get { lock (_lock) return _missingCount; } }

    private struct Missing
    {
        public ushort SequenceNumber;
        public long DetectedMs;
        public long LastRequestMs;
        public int Requests;
    }

    public void OnRtpPacket(ReadOnlySpan<byte> packet)
    {
        if (packet.Length >= RtpHeader.FixedSize)
        {
            lock (_lock)
                Observe(RtpHeader.ReadSequenceNumber(packet), RtpHeader.ReadSsrc(packet));
        }
        _next.OnRtpPacket(packet);
    }

    private void Observe(ushort sequenceNumber, uint ssrc)
    {
        MediaSsrc = ssrc;
        if (!_started)
        {
            _started = true;
            _highest = sequenceNumber;
            return;
        }
        var distance = RtpSequence.Distance(_highest, sequenceNumber);
        if (distance <= 0)
        {
            Remove(sequenceNumber); // a retransmission or a late reorder: no longer missing
            return;
        }
        if (distance > 1)
        {
            if (distance - 1 > MaxTracked - _missingCount)
            {
                _missingCount = 0; // a burst this long: leave it to a keyframe request
            }
            else
            {
                var now = _nowMs();
                for (var gap = 1; gap < distance; gap++)
                    _missing[_missingCount++] = new Missing { SequenceNumber = (ushort)(_highest + gap), DetectedMs = now };
            }
        }
        _highest = sequenceNumber;
    }

    private void Remove(ushort sequenceNumber)
    {
        for (var i = 0; i < _missingCount; i++)
        {
            if (_missing[i].SequenceNumber != sequenceNumber)
                continue;
            Array.Copy(_missing, i + 1, _missing, i, _missingCount - i - 1);
            _missingCount--;
            return;
        }
    }

    /// <summary>Sends one NACK for every missing number due a (re)request; returns how many numbers it named.</summary>
    public int Poll(IRtcpPacketSink rtcp)
    {
        int count, length;
        lock (_lock)
        {
            var now = _nowMs();
            count = 0;
            var kept = 0;
            for (var i = 0; i < _missingCount; i++)
            {
                ref var entry = ref _missing[i];
                if (entry.Requests >= MaxRetries || now - entry.DetectedMs > GiveUpAfterMs)
                    continue; // dropped from the list
                if (entry.Requests == 0 || now - entry.LastRequestMs >= RetryIntervalMs)
                {
                    entry.Requests++;
                    entry.LastRequestMs = now;
                    _due[count++] = entry.SequenceNumber;
                }
                _missing[kept++] = entry;
            }
            _missingCount = kept;
            if (count == 0)
                return 0;
            // The list is in arrival order, which is ascending sequence order.
            length = RtcpGenericNack.Write(_rtcp, SenderSsrc, MediaSsrc, _due.AsSpan(0, count));
            NacksSent++;
        }
        rtcp.OnRtcpPacket(_rtcp.AsSpan(0, length));
        return count;
    }
}
