using System.Buffers;
using System.Buffers.Binary;

namespace InteropGateway.Adapters.Rtmp.Flv;

/// <summary>One FLV file tag; <see cref="Data"/> is a slice of the input, valid until it is consumed.</summary>
public readonly record struct FlvTag(byte TagType, uint TimestampMs, ReadOnlySequence<byte> Data);

/// <summary>
/// Reads FLV file framing (HTTP-FLV pulls, tests). Incomplete input returns false with the reader
/// unadvanced; malformed framing throws <see cref="InvalidDataException"/>.
/// </summary>
public static class FlvFileReader
{
    public static bool TryReadFileHeader(ref SequenceReader<byte> reader, out bool hasAudio, out bool hasVideo)
    {
        hasAudio = hasVideo = false;
        Span<byte> header = stackalloc byte[FlvFileWriter.FileHeaderLength];
        if (!reader.TryCopyTo(header))
            return false;
        if (!header[..3].SequenceEqual("FLV"u8))
            throw new InvalidDataException("not an FLV stream");
        var dataOffset = BinaryPrimitives.ReadUInt32BigEndian(header[5..]);
        if (dataOffset < FlvFileWriter.FileHeaderLength || dataOffset > 1024)
            throw new InvalidDataException($"FLV header size {dataOffset}");
        if (reader.Remaining < dataOffset + 4)
            return false;
        hasAudio = (header[4] & 0x04) != 0;
        hasVideo = (header[4] & 0x01) != 0;
        reader.Advance(dataOffset + 4); // header (with any extension) and PreviousTagSize0
        return true;
    }

    public static bool TryReadTag(ref SequenceReader<byte> reader, out FlvTag tag)
    {
        tag = default;
        Span<byte> header = stackalloc byte[FlvFileWriter.TagHeaderLength];
        if (!reader.TryCopyTo(header))
            return false;
        var dataLength = header[1] << 16 | header[2] << 8 | header[3];
        if (reader.Remaining < FlvFileWriter.TagHeaderLength + dataLength + 4)
            return false;
        var timestamp = (uint)(header[7] << 24 | header[4] << 16 | header[5] << 8 | header[6]);
        reader.Advance(FlvFileWriter.TagHeaderLength);
        var data = reader.UnreadSequence.Slice(0, dataLength);
        reader.Advance(dataLength + 4); // data and the previous tag size trailer
        // Filter and encryption bits (0x20, 0xC0) are not used by live streams; keep the type only.
        tag = new FlvTag((byte)(header[0] & 0x1F), timestamp, data);
        return true;
    }
}
