using System.Buffers.Binary;
using System.Text;

namespace InteropGateway.Adapters.WebRtc.Rtp.Rtcp;

/// <summary>RFC 3550 §6.5 SDES, limited to what WebRTC uses: one chunk per source with its CNAME.</summary>
public static class RtcpSourceDescription
{
    private const byte CnameItem = 1;

    public static int Measure(string cname) =>
        // header + SSRC + item type + length + text + terminating null, rounded up to a word
        RtcpHeader.Size + ((4 + 2 + Encoding.UTF8.GetByteCount(cname) + 1 + 3) & ~3);

    public static int WriteCname(Span<byte> destination, uint ssrc, string cname)
    {
        var textLength = Encoding.UTF8.GetByteCount(cname);
        if (textLength > 255)
            throw new ArgumentException("a CNAME is at most 255 bytes", nameof(cname));
        var size = Measure(cname);
        RtcpHeader.Write(destination, 1, RtcpPacketType.SourceDescription, size);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        destination[8] = CnameItem;
        destination[9] = (byte)textLength;
        Encoding.UTF8.GetBytes(cname, destination[10..]);
        destination[(10 + textLength)..size].Clear(); // end-of-list item and padding to the word
        return size;
    }

    /// <summary>The CNAME of the first chunk that has one.</summary>
    public static bool TryReadCname(in RtcpPacketView packet, out uint ssrc, out string cname)
    {
        ssrc = 0;
        cname = "";
        if (packet.PacketType != RtcpPacketType.SourceDescription)
            return false;
        var body = packet.Body;
        for (var chunk = 0; chunk < packet.Count && body.Length >= 4; chunk++)
        {
            var chunkSsrc = BinaryPrimitives.ReadUInt32BigEndian(body);
            var offset = 4;
            while (offset < body.Length && body[offset] != 0)
            {
                if (offset + 2 > body.Length || offset + 2 + body[offset + 1] > body.Length)
                    return false;
                if (body[offset] == CnameItem)
                {
                    ssrc = chunkSsrc;
                    cname = Encoding.UTF8.GetString(body.Slice(offset + 2, body[offset + 1]));
                    return true;
                }
                offset += 2 + body[offset + 1];
            }
            // Skip the null terminator(s) up to the next word boundary.
            offset = (offset + 4) & ~3;
            if (offset > body.Length)
                return false;
            body = body[offset..];
        }
        return false;
    }
}
