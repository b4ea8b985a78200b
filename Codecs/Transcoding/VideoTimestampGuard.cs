using InteropGateway.Codecs.Media;

namespace InteropGateway.Codecs.Transcoding;

/// <summary>
/// Keeps the PTS handed to an encoder strictly increasing (x264 mistimes frames otherwise, and
/// FFmpeg's MPEG encoders refuse them). Normally a pass-through; a duplicate or backwards source
/// timestamp shifts the timeline just enough, and the shift is kept so later pictures don't bunch up.
/// </summary>
internal sealed class VideoTimestampGuard
{
    /// <summary>Spacing assumed for a picture without a timestamp, and after a jump back (one frame at 30 fps).</summary>
    private const long FallbackStep = Timebase.TicksPerSecond / 30;

    private long _offset;
    private long _last = long.MinValue;

    public long Next(long pts, bool hasTimestamp = true)
    {
        long result;
        if (!hasTimestamp)
        {
            result = _last == long.MinValue ? 0 : _last + FallbackStep;
        }
        else
        {
            result = pts + _offset;
            if (_last != long.MinValue && result <= _last)
            {
                // A small step back is jitter: nudge by a tick. A big one is a new timeline: continue one frame on.
                var step = _last - result < Timebase.TicksPerSecond ? 1 : FallbackStep;
                _offset += _last + step - result;
                result = _last + step;
            }
        }
        _last = result;
        return result;
    }

    public void Reset()
    {
        _offset = 0;
        _last = long.MinValue;
    }
}
