using System.Buffers;
using System.Buffers.Binary;

namespace InteropGateway.Adapters.Rtmp.Flv;

/// <summary>
/// FLV file/stream framing for HTTP-FLV: the 9-byte file header plus PreviousTagSize0, then tags
/// (11-byte header, body, 4-byte previous tag size). Bodies are written from two spans.
/// </summary>
public static class FlvFileWriter
{
    public const int FileHeaderLength = 9;
    public const int TagHeaderLength = 11;
    private const int MaxTagDataLength = 0xFFFFFF;

    public static void WriteFileHeader(IBufferWriter<byte> output, bool hasAudio, bool hasVideo)
    {
        var span = output.GetSpan(FileHeaderLength + 4);
        "FLV"u8.CopyTo(span);
        span[3] = 1; // version
        span[4] = (byte)((hasAudio ? 0x04 : 0) | (hasVideo ? 0x01 : 0));
        BinaryPrimitives.WriteUInt32BigEndian(span[5..], FileHeaderLength);
        BinaryPrimitives.WriteUInt32BigEndian(span[9..], 0); // PreviousTagSize0
        output.Advance(FileHeaderLength + 4);
    }

    /// <summary>Writes one tag whose data is <paramref name="prefix"/> followed by <paramref name="body"/>.</summary>
    public static void WriteTag(IBufferWriter<byte> output, byte tagType, uint timestampMs, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> body)
    {
        var dataLength = prefix.Length + body.Length;
        if (dataLength > MaxTagDataLength)
            throw new ArgumentException($"FLV tag data is at most {MaxTagDataLength} bytes", nameof(body));

        var header = output.GetSpan(TagHeaderLength);
        header[0] = tagType;
        WriteUInt24(header[1..], (uint)dataLength);
        // Lower 24 bits, then the upper 8 ("TimestampExtended").
        WriteUInt24(header[4..], timestampMs & 0xFFFFFF);
        header[7] = (byte)(timestampMs >> 24);
        WriteUInt24(header[8..], 0); // stream id, always 0
        output.Advance(TagHeaderLength);

        output.Write(prefix);
        output.Write(body);

        var trailer = output.GetSpan(4);
        BinaryPrimitives.WriteUInt32BigEndian(trailer, (uint)(TagHeaderLength + dataLength));
        output.Advance(4);
    }

    private static void WriteUInt24(Span<byte> span, uint value)
    {
        span[0] = (byte)(value >> 16);
        span[1] = (byte)(value >> 8);
        span[2] = (byte)value;
    }
}
