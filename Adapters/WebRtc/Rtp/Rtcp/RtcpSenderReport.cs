using System.Buffers.Binary;

namespace InteropGateway.Adapters.WebRtc.Rtp.Rtcp;

/// <summary>RFC 3550 §6.4.1 sender report: the NTP/RTP time pair receivers use for lip sync, plus counters.</summary>
public readonly record struct RtcpSenderReport(uint Ssrc, ulong NtpTimestamp, uint RtpTimestamp, uint PacketCount, uint OctetCount)
{
    private const int SenderInfoSize = 24;

    /// <summary>The middle 32 bits of the NTP timestamp: what receivers echo as LSR.</summary>
    public uint CompactNtp => (uint)(NtpTimestamp >> 16);

    public static int Measure(int reportCount) => RtcpHeader.Size + SenderInfoSize + reportCount * RtcpReceptionReport.Size;

    public int Write(Span<byte> destination, ReadOnlySpan<RtcpReceptionReport> reports = default)
    {
        var size = Measure(reports.Length);
        RtcpHeader.Write(destination, reports.Length, RtcpPacketType.SenderReport, size);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], NtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], RtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], PacketCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination[24..], OctetCount);
        for (var i = 0; i < reports.Length; i++)
            reports[i].Write(destination[(28 + i * RtcpReceptionReport.Size)..]);
        return size;
    }

    /// <param name="reports">The report blocks, <see cref="RtcpReceptionReport.Size"/> bytes each (read with <see cref="RtcpReceptionReport.Read"/>).</param>
    public static bool TryParse(in RtcpPacketView packet, out RtcpSenderReport report, out ReadOnlySpan<byte> reports)
    {
        report = default;
        reports = default;
        var body = packet.Body;
        var reportBytes = packet.Count * RtcpReceptionReport.Size;
        if (packet.PacketType != RtcpPacketType.SenderReport || body.Length < SenderInfoSize + reportBytes)
            return false;
        report = new RtcpSenderReport(
            BinaryPrimitives.ReadUInt32BigEndian(body),
            BinaryPrimitives.ReadUInt64BigEndian(body[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(body[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(body[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(body[20..]));
        reports = body.Slice(SenderInfoSize, reportBytes);
        return true;
    }

    /// <summary>A wall-clock time as a 64-bit NTP timestamp (seconds since 1900 in the high 32 bits).</summary>
    public static ulong ToNtp(DateTimeOffset time)
    {
        var sinceNtpEpoch = time.UtcDateTime - new DateTime(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var seconds = (ulong)sinceNtpEpoch.Ticks / TimeSpan.TicksPerSecond;
        var fraction = ((ulong)sinceNtpEpoch.Ticks % TimeSpan.TicksPerSecond << 32) / TimeSpan.TicksPerSecond;
        return (seconds << 32) | fraction;
    }
}
