using InteropGateway.Adapters.WebRtc.Rtp.Rtcp;

namespace InteropGateway.Adapters.WebRtc.Rtp.Interceptors;

/// <summary>
/// Receive-side interceptor for one incoming stream: watches every packet that passes (stamping
/// its arrival on the RTCP clock) into <see cref="RtpReceptionStatistics"/>, remembers the last
/// sender report of that SSRC, and writes the report block our periodic RR carries, with LSR/DLSR
/// so the sender can measure the round trip. Packets come from the receive loop and reports are
/// written from the report timer, hence the lock.
/// </summary>
public sealed class ReceiverReporter : IRtpPacketSink
{
    private readonly IRtpPacketSink _next;
    private readonly RtcpClock _clock;
    private readonly int _clockRate;
    private readonly RtpReceptionStatistics _statistics = new();
    private readonly Lock _lock = new();
    private uint _lastSenderReport;
    private long _lastSenderReportArrival;

    public ReceiverReporter(int clockRate, RtcpClock clock, IRtpPacketSink next)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clockRate);
        _clockRate = clockRate;
        _clock = clock;
        _next = next;
    }

    public void OnRtpPacket(ReadOnlySpan<byte> packet)
    {
        if (packet.Length >= RtpHeader.FixedSize)
        {
            var arrival = _clock.ToRate(_clock.Now(), _clockRate);
            lock (_lock)
                _statistics.OnPacket(RtpHeader.ReadSsrc(packet), RtpHeader.ReadSequenceNumber(packet), RtpHeader.ReadTimestamp(packet), arrival);
        }
        _next.OnRtpPacket(packet);
    }

    /// <summary>Remembers a sender report if it is from the SSRC we receive; true when it was.</summary>
    public bool OnSenderReport(in RtcpSenderReport report)
    {
        var now = _clock.Now();
        lock (_lock)
        {
            if (_statistics.Received == 0 || report.Ssrc != _statistics.Ssrc)
                return false;
            _lastSenderReport = report.CompactNtp;
            _lastSenderReportArrival = now;
            return true;
        }
    }

    /// <summary>The report block for now; false before any packet has come.</summary>
    public bool TryCreateReport(out RtcpReceptionReport report)
    {
        var now = _clock.Now();
        lock (_lock)
        {
            if (_statistics.Received == 0)
            {
                report = default;
                return false;
            }
            // LSR and DLSR stay 0 until a sender report has come (RFC 3550 §6.4.1).
            var delay = _lastSenderReport == 0 ? 0 : _clock.ToDelaySinceLastSenderReport(now - _lastSenderReportArrival);
            report = _statistics.Report(_lastSenderReport, delay);
            return true;
        }
    }
}
