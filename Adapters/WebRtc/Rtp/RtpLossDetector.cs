namespace InteropGateway.Adapters.WebRtc.Rtp;

/// <summary>Classifies each arriving sequence number as next-in-order, after a gap, or stale.</summary>
internal struct RtpLossDetector
{
    private bool _started;
    private ushort _last;

    public enum Arrival { InOrder, AfterGap, Stale }

    public Arrival Observe(ushort sequenceNumber)
    {
        if (!_started)
        {
            _started = true;
            _last = sequenceNumber;
            return Arrival.InOrder;
        }
        var distance = RtpSequence.Distance(_last, sequenceNumber);
        if (distance <= 0)
            return Arrival.Stale; // duplicate or too late: the frame it belonged to is gone
        _last = sequenceNumber;
        return distance == 1 ? Arrival.InOrder : Arrival.AfterGap;
    }
}
