using System.Buffers.Binary;

namespace InteropGateway.Adapters.WebRtc.Rtp.Rtcp;

/// <summary>
/// The common 4-byte RTCP header: version 2, padding, a 5-bit count (report count, source count
/// or feedback FMT), the packet type, and the length in 32-bit words minus one.
/// </summary>
public readonly record struct RtcpHeader(bool Padding, int Count, byte PacketType, int LengthInWords)
{
    public const int Size = 4;

    /// <summary>The whole packet's size in bytes, header included.</summary>
    public int PacketSize => (LengthInWords + 1) * 4;

    public static bool TryParse(ReadOnlySpan<byte> data, out RtcpHeader header)
    {
        header = default;
        if (data.Length < Size || data[0] >> 6 != 2)
            return false;
        header = new RtcpHeader((data[0] & 0x20) != 0, data[0] & 0x1F, data[1], BinaryPrimitives.ReadUInt16BigEndian(data[2..]));
        return true;
    }

    /// <summary>Writes a header for a packet of <paramref name="packetSize"/> bytes (a multiple of 4).</summary>
    public static void Write(Span<byte> destination, int count, byte packetType, int packetSize)
    {
        if (packetSize % 4 != 0 || count is < 0 or > 31)
            throw new ArgumentException("RTCP packets are whole 32-bit words with a 5-bit count");
        destination[0] = (byte)(0x80 | count);
        destination[1] = packetType;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)(packetSize / 4 - 1));
    }
}
