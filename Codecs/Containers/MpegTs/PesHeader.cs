using System.Buffers.Binary;

namespace InteropGateway.Codecs.Containers.MpegTs;

/// <summary>The PES packet header (ISO/IEC 13818-1 §2.4.3.6): start code, stream id, length and PTS/DTS.</summary>
public readonly record struct PesHeader(byte StreamId, long Pts, long Dts, bool HasPts, bool HasDts, int PayloadOffset, int PacketLength)
{
    public const int MaxSize = 19; // 6 fixed + 3 flags + 5 PTS + 5 DTS

    /// <summary>Size of the header <see cref="Write"/> produces.</summary>
    public static int Measure(bool withDts) => withDts ? 19 : 14;

    /// <summary>
    /// Writes a header for <paramref name="payloadLength"/> bytes. The 16-bit length is set when it
    /// fits and 0 (unbounded, video only) otherwise: JSMpeg completes a PES as soon as the length is
    /// reached, so a bounded length shows each picture one packet earlier.
    /// </summary>
    public static int Write(Span<byte> destination, byte streamId, long pts, long dts, bool withDts, int payloadLength)
    {
        var headerDataLength = withDts ? 10 : 5;
        destination[0] = 0;
        destination[1] = 0;
        destination[2] = 1;
        destination[3] = streamId;
        var packetLength = 3 + headerDataLength + payloadLength;
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], (ushort)(packetLength <= ushort.MaxValue ? packetLength : 0));
        destination[6] = 0x80; // '10', not scrambled, no priority, no alignment flag, not copyrighted, copy
        destination[7] = (byte)(withDts ? 0xC0 : 0x80);
        destination[8] = (byte)headerDataLength;
        WriteTimestamp(destination[9..], withDts ? 0x3 : 0x2, pts);
        if (withDts)
            WriteTimestamp(destination[14..], 0x1, dts);
        return 9 + headerDataLength;
    }

    private static void WriteTimestamp(Span<byte> destination, int prefix, long value)
    {
        value &= TsConstants.TimestampMask;
        destination[0] = (byte)((prefix << 4) | (int)((value >> 29) & 0x0E) | 1);
        destination[1] = (byte)(value >> 22);
        destination[2] = (byte)(((value >> 14) & 0xFE) | 1);
        destination[3] = (byte)(value >> 7);
        destination[4] = (byte)(((value << 1) & 0xFE) | 1);
    }

    private static long ReadTimestamp(ReadOnlySpan<byte> source) =>
        ((long)(source[0] & 0x0E) << 29) | ((long)source[1] << 22) | ((long)(source[2] & 0xFE) << 14)
        | ((long)source[3] << 7) | ((long)source[4] >> 1);

    /// <summary>Parses the header at the start of a reassembled PES; false when it is not one.</summary>
    public static bool TryParse(ReadOnlySpan<byte> pes, out PesHeader header)
    {
        header = default;
        if (pes.Length < 9 || pes[0] != 0 || pes[1] != 0 || pes[2] != 1)
            return false;
        var streamId = pes[3];
        var packetLength = BinaryPrimitives.ReadUInt16BigEndian(pes[4..]);
        if ((pes[6] & 0xC0) != 0x80)
            return false; // MPEG-1 system-style PES headers do not occur in TS
        var flags = pes[7] >> 6;
        var payloadOffset = 9 + pes[8];
        if (payloadOffset > pes.Length)
            return false;
        long pts = 0, dts = 0;
        var hasPts = (flags & 0x2) != 0;
        var hasDts = flags == 0x3;
        if (hasPts && pes.Length >= 14)
            pts = ReadTimestamp(pes[9..]);
        if (hasDts && pes.Length >= 19)
            dts = ReadTimestamp(pes[14..]);
        else
            dts = pts;
        header = new PesHeader(streamId, pts, dts, hasPts, hasDts, payloadOffset, packetLength);
        return true;
    }
}
