using System.Buffers.Binary;

namespace InteropGateway.Adapters.WebRtc.Rtp.Rtcp;

/// <summary>One report block of an SR or RR (RFC 3550 §6.4.1), 24 bytes.</summary>
public readonly record struct RtcpReceptionReport(
    uint Ssrc,
    byte FractionLost,
    int CumulativeLost,
    uint HighestSequenceNumber,
    uint Jitter,
    uint LastSenderReport,
    uint DelaySinceLastSenderReport)
{
    public const int Size = 24;

    public static RtcpReceptionReport Read(ReadOnlySpan<byte> data)
    {
        // Cumulative loss is a signed 24-bit number (duplicates can make it negative).
        var lost = (data[5] << 16) | (data[6] << 8) | data[7];
        if ((lost & 0x800000) != 0)
            lost |= unchecked((int)0xFF000000);
        return new RtcpReceptionReport(
            BinaryPrimitives.ReadUInt32BigEndian(data),
            data[4],
            lost,
            BinaryPrimitives.ReadUInt32BigEndian(data[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(data[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(data[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(data[20..]));
    }

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, Ssrc);
        destination[4] = FractionLost;
        var lost = Math.Clamp(CumulativeLost, -0x800000, 0x7FFFFF);
        destination[5] = (byte)(lost >> 16);
        destination[6] = (byte)(lost >> 8);
        destination[7] = (byte)lost;
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], HighestSequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], Jitter);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], LastSenderReport);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], DelaySinceLastSenderReport);
    }
}
