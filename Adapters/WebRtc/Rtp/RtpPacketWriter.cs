using System.Buffers.Binary;

namespace InteropGateway.Adapters.WebRtc.Rtp;

/// <summary>Writes complete RTP packets (header, CSRCs, extension, payload, padding) into a caller's buffer.</summary>
public static class RtpPacketWriter
{
    public static int MeasurePacket(int payloadLength, int csrcCount = 0, int extensionLength = -1, int padding = 0) =>
        RtpHeader.FixedSize + csrcCount * 4 + (extensionLength >= 0 ? 4 + extensionLength : 0) + payloadLength + padding;

    /// <summary>Writes a packet; returns its length.</summary>
    /// <param name="extension">Extension data, a multiple of 4 bytes; written only when <paramref name="hasExtension"/>.</param>
    /// <param name="padding">0, or 1..255 padding bytes including the count byte.</param>
    public static int Write(Span<byte> destination, in RtpHeader header, ReadOnlySpan<byte> payload,
        ReadOnlySpan<uint> csrcs = default, bool hasExtension = false, ushort extensionProfile = 0,
        ReadOnlySpan<byte> extension = default, int padding = 0)
    {
        if (csrcs.Length > 15)
            throw new ArgumentException("at most 15 CSRCs", nameof(csrcs));
        if (extension.Length % 4 != 0 || extension.Length > ushort.MaxValue * 4)
            throw new ArgumentException("extension length must be a multiple of 4", nameof(extension));
        if (padding is < 0 or > 255)
            throw new ArgumentOutOfRangeException(nameof(padding));
        var length = MeasurePacket(payload.Length, csrcs.Length, hasExtension ? extension.Length : -1, padding);
        if (destination.Length < length)
            throw new ArgumentException("destination too small for the RTP packet", nameof(destination));

        header.WriteTo(destination);
        destination[0] |= (byte)((padding > 0 ? 0x20 : 0) | (hasExtension ? 0x10 : 0) | csrcs.Length);
        var offset = RtpHeader.FixedSize;
        foreach (var csrc in csrcs)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], csrc);
            offset += 4;
        }
        if (hasExtension)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], extensionProfile);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], (ushort)(extension.Length / 4));
            extension.CopyTo(destination[(offset + 4)..]);
            offset += 4 + extension.Length;
        }
        payload.CopyTo(destination[offset..]);
        offset += payload.Length;
        if (padding > 0)
        {
            destination.Slice(offset, padding - 1).Clear();
            destination[offset + padding - 1] = (byte)padding;
            offset += padding;
        }
        return offset;
    }
}
