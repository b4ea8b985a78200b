using System.Buffers.Binary;

namespace InteropGateway.Adapters.WebRtc.Rtp.Rtcp;

/// <summary>RFC 4585 §6.1 feedback common part: packet sender SSRC and media source SSRC after the header.</summary>
public readonly record struct RtcpFeedbackHeader(uint SenderSsrc, uint MediaSsrc)
{
    public const int Size = RtcpHeader.Size + 8;

    public static bool TryParse(in RtcpPacketView packet, byte packetType, int format, out RtcpFeedbackHeader header, out ReadOnlySpan<byte> fci)
    {
        header = default;
        fci = default;
        if (packet.PacketType != packetType || packet.Count != format || packet.Body.Length < 8)
            return false;
        header = new RtcpFeedbackHeader(BinaryPrimitives.ReadUInt32BigEndian(packet.Body), BinaryPrimitives.ReadUInt32BigEndian(packet.Body[4..]));
        fci = packet.Body[8..];
        return true;
    }

    public void Write(Span<byte> destination, byte packetType, int format, int packetSize)
    {
        RtcpHeader.Write(destination, format, packetType, packetSize);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], SenderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], MediaSsrc);
    }
}
