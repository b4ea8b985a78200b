using System.Buffers.Binary;

namespace InteropGateway.Adapters.WebRtc.Rtp;

/// <summary>
/// The fixed RTP header fields (RFC 3550 §5.1) a sender sets per packet. CSRCs and the header
/// extension are written by <see cref="RtpPacketWriter"/> and exposed by <see cref="RtpPacket"/>.
/// </summary>
public struct RtpHeader
{
    public const int FixedSize = 12;
    public const byte Version = 2;

    public bool Marker;
    public byte PayloadType;
    public ushort SequenceNumber;
    public uint Timestamp;
    public uint Ssrc;

    public RtpHeader(byte payloadType, ushort sequenceNumber, uint timestamp, uint ssrc, bool marker = false)
    {
        PayloadType = payloadType;
        SequenceNumber = sequenceNumber;
        Timestamp = timestamp;
        Ssrc = ssrc;
        Marker = marker;
    }

    /// <summary>Writes the 12-byte fixed header (no CSRC, no extension, no padding).</summary>
    public readonly void WriteTo(Span<byte> destination)
    {
        destination[0] = Version << 6;
        destination[1] = (byte)((Marker ? 0x80 : 0) | (PayloadType & 0x7F));
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], SequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], Ssrc);
    }

    /// <summary>Sequence number of a raw packet without a full parse (the caller checked the length).</summary>
    public static ushort ReadSequenceNumber(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
    public static uint ReadTimestamp(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
    public static uint ReadSsrc(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
}
