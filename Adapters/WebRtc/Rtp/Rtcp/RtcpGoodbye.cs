using System.Buffers.Binary;

namespace InteropGateway.Adapters.WebRtc.Rtp.Rtcp;

/// <summary>RFC 3550 §6.6 BYE without a reason: the sources that are leaving.</summary>
public static class RtcpGoodbye
{
    public static int Measure(int sourceCount) => RtcpHeader.Size + 4 * sourceCount;

    public static int Write(Span<byte> destination, ReadOnlySpan<uint> ssrcs)
    {
        var size = Measure(ssrcs.Length);
        RtcpHeader.Write(destination, ssrcs.Length, RtcpPacketType.Goodbye, size);
        for (var i = 0; i < ssrcs.Length; i++)
            BinaryPrimitives.WriteUInt32BigEndian(destination[(4 + 4 * i)..], ssrcs[i]);
        return size;
    }

    /// <summary>The leaving SSRCs (4 bytes each) from a BYE.</summary>
    public static bool TryParse(in RtcpPacketView packet, out ReadOnlySpan<byte> ssrcs)
    {
        ssrcs = default;
        if (packet.PacketType != RtcpPacketType.Goodbye || packet.Body.Length < 4 * packet.Count)
            return false;
        ssrcs = packet.Body[..(4 * packet.Count)];
        return true;
    }
}
