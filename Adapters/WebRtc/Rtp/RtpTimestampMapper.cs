using InteropGateway.Codecs.Media;

namespace InteropGateway.Adapters.WebRtc.Rtp;

/// <summary>
/// Maps one stream's 32-bit RTP timestamps onto the core 90 kHz timebase: unwraps them to 64 bits
/// and anchors the first one at a reference time. Give audio and video mappers the same reference
/// clock (the session's arrival clock) so tracks that start at different random RTP offsets line up;
/// once the sender's reports say how its RTP clocks relate, <see cref="Anchor"/> re-pins the
/// mapping to the sender's clock (see <see cref="SenderClockAlignment"/>).
/// Frames come from the receive loop and anchors from the RTCP path, hence the lock.
/// </summary>
public sealed class RtpTimestampMapper
{
    private readonly int _clockRate;
    private readonly Func<long>? _referenceTicks;
    private readonly Lock _lock = new();
    private bool _started;
    private uint _last;
    private long _unwrapped;
    private long _originTicks;
    private bool _emitted;
    private bool _anchored;
    private long _lastTicks;

    /// <param name="referenceTicks">Core ticks "now", read once at the first packet; null anchors the first packet at 0.</param>
    public RtpTimestampMapper(int clockRate, Func<long>? referenceTicks = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clockRate);
        _clockRate = clockRate;
        _referenceTicks = referenceTicks;
    }

    /// <summary>True once <see cref="Anchor"/> has pinned the mapping to a sender report.</summary>
    public bool IsAnchored { get { lock (_lock) return _anchored; } }

    public long ToTicks(uint rtpTimestamp)
    {
        lock (_lock)
        {
            if (!_started)
                Start(rtpTimestamp, _referenceTicks?.Invoke() ?? 0);
            // Serial arithmetic: a step of under 2^31 either way is the nearer interpretation.
            var step = (int)(rtpTimestamp - _last);
            _unwrapped += step;
            _last = rtpTimestamp;
            if (step == 0 && _emitted)
                return _lastTicks; // more of the same frame: the same time, even if it was held up below
            var ticks = _originTicks + Scale(_unwrapped);
            // After a re-anchor that moved this track back, time must still move forward: hold each
            // new frame a millisecond after the last until the new mapping has caught up. At least a
            // whole millisecond because FLV and RTMP carry milliseconds: closer frames would reach
            // their players with repeated timestamps. Real media never steps by less (Opus: 2.5 ms).
            if (step > 0 && _emitted && ticks < _lastTicks + Timebase.TicksPerMillisecond)
                ticks = _lastTicks + Timebase.TicksPerMillisecond;
            _emitted = true;
            return _lastTicks = ticks;
        }
    }

    /// <summary>Where <paramref name="rtpTimestamp"/> falls on the current mapping, without moving it; null before the first packet.</summary>
    public long? Peek(uint rtpTimestamp)
    {
        lock (_lock)
            return _started ? _originTicks + Scale(_unwrapped + (int)(rtpTimestamp - _last)) : null;
    }

    /// <summary>From now on <paramref name="rtpTimestamp"/> maps to <paramref name="ticks"/> (a sender report's pair).</summary>
    public void Anchor(uint rtpTimestamp, long ticks)
    {
        lock (_lock)
        {
            _anchored = true;
            if (!_started)
            {
                Start(rtpTimestamp, ticks);
                return;
            }
            _originTicks = ticks - Scale(_unwrapped + (int)(rtpTimestamp - _last));
        }
    }

    private void Start(uint rtpTimestamp, long ticks)
    {
        _started = true;
        _last = rtpTimestamp;
        _unwrapped = 0;
        _originTicks = ticks;
    }

    private long Scale(long rtpUnits) =>
        _clockRate == Timebase.TicksPerSecond ? rtpUnits : rtpUnits * Timebase.TicksPerSecond / _clockRate;
}
