using System.Buffers.Binary;

namespace InteropGateway.Adapters.WebRtc.Rtp.Rtcp;

/// <summary>
/// RFC 5104 §4.3.1 FIR (PT 206, FMT 4). The media SSRC of the common header is 0; the target is in
/// the FCI with a command sequence number the sender bumps for each new request.
/// </summary>
public static class RtcpFullIntraRequest
{
    public const int Size = RtcpFeedbackHeader.Size + 8;

    public static int Write(Span<byte> destination, uint senderSsrc, uint mediaSsrc, byte commandSequenceNumber)
    {
        new RtcpFeedbackHeader(senderSsrc, 0).Write(destination, RtcpPacketType.PayloadFeedback, RtcpPacketType.FirFormat, Size);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], mediaSsrc);
        destination[16] = commandSequenceNumber;
        destination[17..20].Clear();
        return Size;
    }

    /// <summary>The first FCI entry (one per target; WebRTC sends one).</summary>
    public static bool TryParse(in RtcpPacketView packet, out uint senderSsrc, out uint mediaSsrc, out byte commandSequenceNumber)
    {
        senderSsrc = mediaSsrc = 0;
        commandSequenceNumber = 0;
        if (!RtcpFeedbackHeader.TryParse(packet, RtcpPacketType.PayloadFeedback, RtcpPacketType.FirFormat, out var header, out var fci) || fci.Length < 8)
            return false;
        senderSsrc = header.SenderSsrc;
        mediaSsrc = BinaryPrimitives.ReadUInt32BigEndian(fci);
        commandSequenceNumber = fci[4];
        return true;
    }
}
