using InteropGateway.Codecs.Media;

namespace InteropGateway.Adapters.WebRtc.Rtp.Rtcp;

/// <summary>
/// The clock RTCP reports are stamped with: a monotonic timestamp for intervals (jitter, DLSR,
/// report timing), read as NTP time (RFC 3550 §4) through one wall-clock reading taken at
/// creation, so the NTP time our reports carry never steps when the system clock is adjusted.
/// </summary>
public sealed class RtcpClock
{
    private readonly TimeProvider _time;
    private readonly long _origin;
    private readonly ulong _ntpOrigin;

    public RtcpClock(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _origin = _time.GetTimestamp();
        _ntpOrigin = RtcpSenderReport.ToNtp(_time.GetUtcNow());
    }

    public TimeProvider Time => _time;

    /// <summary>The current monotonic timestamp (<see cref="TimeProvider.GetTimestamp"/> units).</summary>
    public long Now() => _time.GetTimestamp();

    /// <summary>NTP time at a timestamp from <see cref="Now"/>.</summary>
    public ulong NtpAt(long timestamp) => _ntpOrigin + ToNtpDuration(timestamp - _origin);

    /// <summary>Core ticks (90 kHz) since this clock was created, at a timestamp from <see cref="Now"/>.</summary>
    public long CoreTicksAt(long timestamp) => ToRate(timestamp - _origin, Timebase.TicksPerSecond);

    /// <summary>A timestamp difference in units of <paramref name="rate"/> per second (e.g. an RTP clock rate).</summary>
    public long ToRate(long timestampDelta, int rate) => (long)((Int128)timestampDelta * rate / _time.TimestampFrequency);

    /// <summary>RFC 3550 §6.4.1 DLSR: a delay in units of 1/65536 s, saturating at the 32-bit field.</summary>
    public uint ToDelaySinceLastSenderReport(long timestampDelta) =>
        (uint)Math.Clamp(ToRate(timestampDelta, 65536), 0, uint.MaxValue);

    /// <summary>A timestamp difference as a 32.32 fixed-point NTP duration.</summary>
    private ulong ToNtpDuration(long timestampDelta)
    {
        var frequency = _time.TimestampFrequency;
        var seconds = (ulong)(timestampDelta / frequency);
        var fraction = (ulong)((Int128)(timestampDelta % frequency) << 32) / (ulong)frequency;
        return (seconds << 32) + fraction;
    }
}
