using System.Buffers.Binary;

namespace InteropGateway.Adapters.WebRtc.Rtp.Rtcp;

/// <summary>RFC 3550 §6.4.2 receiver report: the reporter's SSRC and up to 31 report blocks.</summary>
public static class RtcpReceiverReport
{
    public static int Measure(int reportCount) => RtcpHeader.Size + 4 + reportCount * RtcpReceptionReport.Size;

    public static int Write(Span<byte> destination, uint reporterSsrc, ReadOnlySpan<RtcpReceptionReport> reports)
    {
        var size = Measure(reports.Length);
        RtcpHeader.Write(destination, reports.Length, RtcpPacketType.ReceiverReport, size);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], reporterSsrc);
        for (var i = 0; i < reports.Length; i++)
            reports[i].Write(destination[(8 + i * RtcpReceptionReport.Size)..]);
        return size;
    }

    public static bool TryParse(in RtcpPacketView packet, out uint reporterSsrc, out ReadOnlySpan<byte> reports)
    {
        reporterSsrc = 0;
        reports = default;
        var body = packet.Body;
        var reportBytes = packet.Count * RtcpReceptionReport.Size;
        if (packet.PacketType != RtcpPacketType.ReceiverReport || body.Length < 4 + reportBytes)
            return false;
        reporterSsrc = BinaryPrimitives.ReadUInt32BigEndian(body);
        reports = body.Slice(4, reportBytes);
        return true;
    }
}
