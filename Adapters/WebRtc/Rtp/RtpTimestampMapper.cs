using InteropGateway.Codecs.Media;

namespace InteropGateway.Adapters.WebRtc.Rtp;

/// <summary>
/// Maps one stream's 32-bit RTP timestamps onto the core 90 kHz timebase: unwraps them to 64 bits
/// and anchors the first one at a reference time. Give audio and video mappers the same reference
/// clock (the session's arrival clock) so tracks that start at different random RTP offsets line up.
/// </summary>
public sealed class RtpTimestampMapper
{
    private readonly int _clockRate;
    private readonly Func<long>? _referenceTicks;
    private bool _started;
    private uint _last;
    private long _unwrapped;
    private long _originTicks;

    /// <param name="referenceTicks">Core ticks "now", read once at the first packet; null anchors the first packet at 0.</param>
    public RtpTimestampMapper(int clockRate, Func<long>? referenceTicks = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clockRate);
        _clockRate = clockRate;
        _referenceTicks = referenceTicks;
    }

    public long ToTicks(uint rtpTimestamp)
    {
        if (!_started)
        {
            _started = true;
            _last = rtpTimestamp;
            _unwrapped = 0;
            _originTicks = _referenceTicks?.Invoke() ?? 0;
        }
        else
        {
            // Serial arithmetic: a step of under 2^31 either way is the nearer interpretation.
            _unwrapped += (int)(rtpTimestamp - _last);
            _last = rtpTimestamp;
        }
        return _originTicks + (_clockRate == Timebase.TicksPerSecond
            ? _unwrapped
            : _unwrapped * Timebase.TicksPerSecond / _clockRate);
    }
}
