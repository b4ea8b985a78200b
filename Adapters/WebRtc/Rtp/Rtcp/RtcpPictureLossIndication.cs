namespace InteropGateway.Adapters.WebRtc.Rtp.Rtcp;

/// <summary>RFC 4585 §6.3.1 PLI (PT 206, FMT 1): "I lost a picture, send a keyframe". No FCI.</summary>
public static class RtcpPictureLossIndication
{
    public const int Size = RtcpFeedbackHeader.Size;

    public static int Write(Span<byte> destination, uint senderSsrc, uint mediaSsrc)
    {
        new RtcpFeedbackHeader(senderSsrc, mediaSsrc).Write(destination, RtcpPacketType.PayloadFeedback, RtcpPacketType.PliFormat, Size);
        return Size;
    }

    public static bool TryParse(in RtcpPacketView packet, out RtcpFeedbackHeader header) =>
        RtcpFeedbackHeader.TryParse(packet, RtcpPacketType.PayloadFeedback, RtcpPacketType.PliFormat, out header, out _);
}
