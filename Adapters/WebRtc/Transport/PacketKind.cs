namespace InteropGateway.Adapters.WebRtc.Transport;

/// <summary>What a datagram on the shared port is, by its first byte (RFC 7983 §7) and, for RTP/RTCP, its second (RFC 5761 §4).</summary>
public enum PacketKind
{
    Unknown,
    Stun,
    Dtls,
    Rtp,
    Rtcp,
}

public static class PacketClassifier
{
    public static PacketKind Classify(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty)
            return PacketKind.Unknown;
        var first = datagram[0];
        if (first <= 3)
            return PacketKind.Stun;
        if (first is >= 20 and <= 63)
            return PacketKind.Dtls;
        if (first is >= 128 and <= 191)
        {
            if (datagram.Length < 2)
                return PacketKind.Unknown;
            // RTCP packet types 192..223 overlap RTP payload type + marker bit; RTP avoids them (RFC 5761 §4).
            return datagram[1] is >= 192 and <= 223 ? PacketKind.Rtcp : PacketKind.Rtp;
        }
        return PacketKind.Unknown;
    }
}
