namespace InteropGateway.Codecs.Containers.MpegTs;

/// <summary>
/// Maps an ingest's 33-bit TS timestamps onto the core's 90 kHz timeline: unwrapped across the
/// 26.5-hour wrap, and starting at 0 at the first timestamp of any track, so A/V offsets survive.
/// </summary>
public sealed class TsTimeline
{
    private const long Wrap = TsConstants.TimestampMask + 1;
    private bool _started;
    private long _origin;
    private long _lastRaw;
    private long _lastExtended;

    public long ToCore(long raw)
    {
        if (!_started)
        {
            _started = true;
            _origin = _lastExtended = _lastRaw = raw;
            return 0;
        }
        var delta = (raw - _lastRaw) & TsConstants.TimestampMask;
        if (delta >= Wrap / 2)
            delta -= Wrap; // a step backwards (B-picture PTS, the other track slightly behind)
        _lastRaw = raw;
        _lastExtended += delta;
        return _lastExtended - _origin;
    }
}
