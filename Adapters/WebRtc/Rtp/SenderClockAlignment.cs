using InteropGateway.Adapters.WebRtc.Rtp.Rtcp;
using InteropGateway.Codecs.Media;

namespace InteropGateway.Adapters.WebRtc.Rtp;

/// <summary>
/// Puts every track of one sender on the sender's own clock (RFC 3550 §6.4.1): each sender report
/// pairs a track's RTP timestamp with the NTP time of one wall clock the sender shares between its
/// tracks, so re-pinning each track's <see cref="RtpTimestampMapper"/> to "NTP time on one core
/// timeline" lines audio and video up as they were captured, whatever their network and pacing
/// delays. The NTP-to-core relation is fixed by the first report of the session, taken where that
/// track's arrival-based mapping already put it, so that track does not move; the other tracks
/// move by their capture-to-arrival difference when their first report comes (the mapper keeps
/// them from going backwards). Later reports re-pin a track only when it has drifted more than
/// <see cref="RepinTolerance"/> from them (a sender's RTP clock running off its wall clock, or a
/// restarted sender): re-pinning on every report would step timestamps by each report's noise.
/// </summary>
public sealed class SenderClockAlignment(Func<long> nowTicks)
{
    public const long RepinTolerance = 10 * Timebase.TicksPerMillisecond;

    private readonly Lock _lock = new();
    private bool _anchored;
    private ulong _anchorNtp;
    private long _anchorTicks;

    /// <summary>Pins <paramref name="track"/> to the report's NTP/RTP pair if needed; returns how far that moved it, in core ticks.</summary>
    public long OnSenderReport(RtpTimestampMapper track, in RtcpSenderReport report)
    {
        var before = track.Peek(report.RtpTimestamp);
        long ticks;
        lock (_lock)
        {
            if (!_anchored)
            {
                _anchored = true;
                _anchorNtp = report.NtpTimestamp;
                _anchorTicks = before ?? nowTicks();
            }
            ticks = _anchorTicks + NtpToTicks((long)(report.NtpTimestamp - _anchorNtp));
        }
        var moved = before is { } old ? ticks - old : 0;
        if (track.IsAnchored && Math.Abs(moved) <= RepinTolerance)
            return 0;
        track.Anchor(report.RtpTimestamp, ticks);
        return moved;
    }

    /// <summary>A signed 32.32 fixed-point NTP duration in core ticks.</summary>
    internal static long NtpToTicks(long ntpDuration)
    {
        var seconds = ntpDuration >> 32; // arithmetic shift: floors, so the fraction below is positive
        var fraction = ntpDuration & 0xFFFF_FFFF;
        return seconds * Timebase.TicksPerSecond + ((fraction * Timebase.TicksPerSecond) >> 32);
    }
}
