using System.Buffers.Binary;

namespace InteropGateway.Adapters.WebRtc.Rtp;

/// <summary>
/// A parsed view of one RTP packet over the caller's bytes (RFC 3550 §5.1): header fields, CSRC
/// list, header extension and the payload with padding removed. No copy, no allocation.
/// </summary>
public readonly ref struct RtpPacket
{
    public RtpHeader Header { get; }
    /// <summary>The raw CSRC list, 4 bytes each.</summary>
    public ReadOnlySpan<byte> CsrcBytes { get; }
    public bool HasExtension { get; }
    /// <summary>The 16-bit "defined by profile" field (0xBEDE for RFC 8285 one-byte extensions).</summary>
    public ushort ExtensionProfile { get; }
    public ReadOnlySpan<byte> Extension { get; }
    public ReadOnlySpan<byte> Payload { get; }
    public int PaddingLength { get; }

    private RtpPacket(RtpHeader header, ReadOnlySpan<byte> csrcs, bool hasExtension, ushort profile,
        ReadOnlySpan<byte> extension, ReadOnlySpan<byte> payload, int padding)
    {
        Header = header;
        CsrcBytes = csrcs;
        HasExtension = hasExtension;
        ExtensionProfile = profile;
        Extension = extension;
        Payload = payload;
        PaddingLength = padding;
    }

    public bool Marker => Header.Marker;
    public byte PayloadType => Header.PayloadType;
    public ushort SequenceNumber => Header.SequenceNumber;
    public uint Timestamp => Header.Timestamp;
    public uint Ssrc => Header.Ssrc;
    public int CsrcCount => CsrcBytes.Length / 4;
    public uint Csrc(int index) => BinaryPrimitives.ReadUInt32BigEndian(CsrcBytes[(index * 4)..]);

    /// <summary>False for anything that is not a well-formed version 2 RTP packet.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out RtpPacket packet)
    {
        packet = default;
        if (data.Length < RtpHeader.FixedSize || data[0] >> 6 != RtpHeader.Version)
            return false;
        var hasPadding = (data[0] & 0x20) != 0;
        var hasExtension = (data[0] & 0x10) != 0;
        var csrcCount = data[0] & 0x0F;
        var offset = RtpHeader.FixedSize + csrcCount * 4;
        if (data.Length < offset)
            return false;
        var csrcs = data[RtpHeader.FixedSize..offset];

        ushort profile = 0;
        ReadOnlySpan<byte> extension = default;
        if (hasExtension)
        {
            if (data.Length < offset + 4)
                return false;
            profile = BinaryPrimitives.ReadUInt16BigEndian(data[offset..]);
            var extensionLength = BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 2)..]) * 4;
            offset += 4;
            if (data.Length < offset + extensionLength)
                return false;
            extension = data.Slice(offset, extensionLength);
            offset += extensionLength;
        }

        var end = data.Length;
        var padding = 0;
        if (hasPadding)
        {
            // The last byte counts the padding, itself included (RFC 3550 §5.1).
            padding = data[^1];
            if (padding == 0 || end - padding < offset)
                return false;
            end -= padding;
        }

        var header = new RtpHeader(
            (byte)(data[1] & 0x7F),
            BinaryPrimitives.ReadUInt16BigEndian(data[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(data[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(data[8..]),
            (data[1] & 0x80) != 0);
        packet = new RtpPacket(header, csrcs, hasExtension, profile, extension, data[offset..end], padding);
        return true;
    }
}
