namespace InteropGateway.Adapters.Rtmp.Flv;

/// <summary>
/// Extends 32-bit RTMP millisecond timestamps (they wrap after ~49.7 days) to 64 bits. Each
/// timestamp is taken as the nearest value to the previous one, so wrap-around in either direction
/// and the small backward steps of interleaved audio/video both come out right.
/// Share one instance between a publisher's audio and video: they use the same clock.
/// </summary>
public sealed class RtmpTimestampUnwrapper
{
    private bool _started;
    private uint _last;
    private long _lastUnwrapped;

    public long Unwrap(uint timestamp)
    {
        if (!_started)
        {
            _started = true;
            _last = timestamp;
            _lastUnwrapped = timestamp;
            return timestamp;
        }
        var step = unchecked((int)(timestamp - _last));
        _last = timestamp;
        _lastUnwrapped += step;
        return _lastUnwrapped;
    }

    public void Reset() => _started = false;
}
