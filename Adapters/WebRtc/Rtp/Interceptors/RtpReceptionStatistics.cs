using InteropGateway.Adapters.WebRtc.Rtp.Rtcp;

namespace InteropGateway.Adapters.WebRtc.Rtp.Interceptors;

/// <summary>
/// What a receiver reports about one SSRC (RFC 3550 §6.4.1): the extended highest sequence number
/// and the packets received per appendix A.1 (without probation: SRTP has already authenticated
/// the source), cumulative and interval loss per A.3, and interarrival jitter per A.8. Pure
/// arithmetic on values the caller supplies, so every figure can be checked by hand.
/// </summary>
public sealed class RtpReceptionStatistics
{
    private const int MaxDropout = 3000;
    private const int MaxMisorder = 100;
    private const uint SequenceModulo = 1 << 16;

    private bool _started;
    private ushort _maxSequence;
    private uint _cycles;          // count of sequence number wraps, shifted left 16
    private uint _baseSequence;
    private uint _badSequence;
    private long _received;
    private long _expectedPrior;
    private long _receivedPrior;
    private bool _haveTransit;
    private long _transit;
    private long _jitterScaled;    // jitter * 16, the A.8 integer form

    public uint Ssrc { get; private set; }
    public long Received => _received;
    public uint ExtendedHighestSequence => _cycles + _maxSequence;
    public long Expected => (long)ExtendedHighestSequence - _baseSequence + 1;
    /// <summary>Interarrival jitter in RTP timestamp units.</summary>
    public uint Jitter => (uint)(_jitterScaled >> 4);

    /// <summary>Counts one packet. <paramref name="arrival"/> is its arrival time in the same units as its RTP timestamp.</summary>
    public void OnPacket(uint ssrc, ushort sequence, uint rtpTimestamp, long arrival)
    {
        if (!_started || ssrc != Ssrc)
        {
            Restart(ssrc, sequence);
        }
        else if (!UpdateSequence(sequence))
        {
            return;
        }
        _received++;
        UpdateJitter(rtpTimestamp, arrival);
    }

    private void Restart(uint ssrc, ushort sequence)
    {
        Ssrc = ssrc;
        _started = true;
        _maxSequence = sequence;
        _cycles = 0;
        _baseSequence = sequence;
        _badSequence = SequenceModulo + 1; // so sequence == bad_seq is false
        _received = 0;
        _expectedPrior = 0;
        _receivedPrior = 0;
        _haveTransit = false;
        _jitterScaled = 0;
    }

    /// <summary>A.1 update_seq: false when the packet is not counted (the first of a large jump).</summary>
    private bool UpdateSequence(ushort sequence)
    {
        var delta = (ushort)(sequence - _maxSequence);
        if (delta < MaxDropout)
        {
            if (sequence < _maxSequence)
                _cycles += SequenceModulo; // wrapped
            _maxSequence = sequence;
        }
        else if (delta <= SequenceModulo - MaxMisorder)
        {
            // A very large jump: take it as a restart only if the next packet follows on from it.
            if (sequence == _badSequence)
            {
                Restart(Ssrc, sequence);
                return true;
            }
            _badSequence = (uint)((sequence + 1) & (SequenceModulo - 1));
            return false;
        }
        // else: a duplicate or a reordered packet, counted but not moving the maximum.
        return true;
    }

    /// <summary>A.8: J += (|D| - J) / 16, with D the change in transit time between consecutive packets.</summary>
    private void UpdateJitter(uint rtpTimestamp, long arrival)
    {
        var transit = arrival - rtpTimestamp;
        if (!_haveTransit)
        {
            _haveTransit = true;
            _transit = transit;
            return;
        }
        // RTP timestamps wrap at 2^32: take the difference modulo 2^32 as a signed step.
        var d = (long)(int)(uint)(transit - _transit);
        _transit = transit;
        if (d < 0)
            d = -d;
        _jitterScaled += d - ((_jitterScaled + 8) >> 4);
    }

    /// <summary>A.3: the report block for this SSRC; starts a new interval for the fraction lost.</summary>
    public RtcpReceptionReport Report(uint lastSenderReport, uint delaySinceLastSenderReport)
    {
        var expected = Expected;
        var lost = expected - _received;
        var expectedInterval = expected - _expectedPrior;
        var receivedInterval = _received - _receivedPrior;
        _expectedPrior = expected;
        _receivedPrior = _received;
        var lostInterval = expectedInterval - receivedInterval;
        var fraction = expectedInterval == 0 || lostInterval <= 0 ? 0 : (lostInterval << 8) / expectedInterval;
        return new RtcpReceptionReport(
            Ssrc,
            (byte)Math.Min(fraction, 255),
            (int)Math.Clamp(lost, -0x800000, 0x7FFFFF),
            ExtendedHighestSequence,
            Jitter,
            lastSenderReport,
            delaySinceLastSenderReport);
    }
}
