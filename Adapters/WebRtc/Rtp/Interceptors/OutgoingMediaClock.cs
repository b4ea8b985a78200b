namespace InteropGateway.Adapters.WebRtc.Rtp.Interceptors;

/// <summary>
/// Ties the core timeline of the frames a session sends to its <see cref="Rtcp.RtcpClock"/>, so
/// the sender reports of all its tracks map NTP time to RTP time through one relation, the one
/// the packetizers stamp RTP from: a receiver that lines up audio and video by their SRs then
/// lines them up as the core did. The relation follows the live edge: the frame furthest ahead
/// of the clock sets it, so a burst from the GOP cache at the start does not hold it back.
/// </summary>
public sealed class OutgoingMediaClock
{
    private readonly Lock _lock = new();
    private bool _started;
    private long _offset; // core ticks of the frames minus core ticks of the clock

    public bool IsStarted { get { lock (_lock) return _started; } }

    /// <summary>A frame with presentation time <paramref name="pts"/> is being sent at clock time <paramref name="clockTicks"/>.</summary>
    public void OnFrameSent(long pts, long clockTicks)
    {
        lock (_lock)
        {
            var offset = pts - clockTicks;
            if (!_started || offset > _offset)
                _offset = offset;
            _started = true;
        }
    }

    /// <summary>The core timestamp being sent at clock time <paramref name="clockTicks"/>.</summary>
    public long MediaTicksAt(long clockTicks)
    {
        lock (_lock)
            return clockTicks + _offset;
    }
}
