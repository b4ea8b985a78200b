using System.Buffers.Binary;

namespace InteropGateway.Codecs.Bitstream;

/// <summary>
/// ISO/IEC 14496-15 AVCDecoderConfigurationRecord ("avcC"): the H264 extradata carried by FLV
/// sequence headers and MP4. Parameter sets are slices of the parsed memory, not copies.
/// </summary>
public sealed class AvcDecoderConfigurationRecord
{
    private AvcDecoderConfigurationRecord(int profile, int compatibility, int level, int nalLengthSize,
        IReadOnlyList<ReadOnlyMemory<byte>> sps, IReadOnlyList<ReadOnlyMemory<byte>> pps)
    {
        Profile = profile;
        ProfileCompatibility = compatibility;
        Level = level;
        NalLengthSize = nalLengthSize;
        SequenceParameterSets = sps;
        PictureParameterSets = pps;
    }

    public int Profile { get; }
    public int ProfileCompatibility { get; }
    public int Level { get; }
    /// <summary>Bytes of the length prefix before each NAL unit in samples: 1, 2 or 4.</summary>
    public int NalLengthSize { get; }
    public IReadOnlyList<ReadOnlyMemory<byte>> SequenceParameterSets { get; }
    public IReadOnlyList<ReadOnlyMemory<byte>> PictureParameterSets { get; }

    public static bool TryParse(ReadOnlyMemory<byte> data, out AvcDecoderConfigurationRecord record)
    {
        record = null!;
        var span = data.Span;
        if (span.Length < 7 || span[0] != 1)
            return false;
        var nalLengthSize = (span[4] & 0x03) + 1;
        if (nalLengthSize == 3)
            return false; // 3-byte lengths are reserved by the spec

        var offset = 5;
        if (!TryReadParameterSets(data, ref offset, span[offset++] & 0x1F, out var sps))
            return false;
        if (offset >= span.Length)
            return false;
        if (!TryReadParameterSets(data, ref offset, span[offset++], out var pps))
            return false;
        // High-profile trailing fields (chroma format, bit depths, SPS ext) are not needed here.
        record = new AvcDecoderConfigurationRecord(span[1], span[2], span[3], nalLengthSize, sps, pps);
        return true;
    }

    private static bool TryReadParameterSets(ReadOnlyMemory<byte> data, ref int offset, int count, out List<ReadOnlyMemory<byte>> sets)
    {
        sets = new List<ReadOnlyMemory<byte>>(count);
        var span = data.Span;
        for (var i = 0; i < count; i++)
        {
            if (offset + 2 > span.Length)
                return false;
            var length = BinaryPrimitives.ReadUInt16BigEndian(span[offset..]);
            offset += 2;
            if (length == 0 || offset + length > span.Length)
                return false;
            sets.Add(data.Slice(offset, length));
            offset += length;
        }
        return true;
    }

    /// <summary>Builds a record from raw SPS/PPS NAL units (for ingresses that carry them in band).</summary>
    public static byte[] Build(IReadOnlyList<ReadOnlyMemory<byte>> sps, IReadOnlyList<ReadOnlyMemory<byte>> pps, int nalLengthSize = 4)
    {
        if (sps.Count is 0 or > 31 || pps.Count > 255 || sps[0].Length < 4)
            throw new ArgumentException("need 1..31 SPS of at least 4 bytes and at most 255 PPS");
        if (nalLengthSize is not (1 or 2 or 4))
            throw new ArgumentOutOfRangeException(nameof(nalLengthSize));
        var first = sps[0].Span;
        var highProfileFields = HasHighProfileFields(first[1]);
        var size = 7 + sps.Sum(s => 2 + s.Length) + pps.Sum(p => 2 + p.Length) + (highProfileFields ? 4 : 0);
        var result = new byte[size];
        result[0] = 1;
        result[1] = first[1];
        result[2] = first[2];
        result[3] = first[3];
        result[4] = (byte)(0xFC | (nalLengthSize - 1));
        result[5] = (byte)(0xE0 | sps.Count);
        var offset = 6;
        foreach (var s in sps)
            offset = WriteSet(result, offset, s.Span);
        result[offset++] = (byte)pps.Count;
        foreach (var p in pps)
            offset = WriteSet(result, offset, p.Span);
        if (highProfileFields)
            WriteHighProfileFields(result.AsSpan(offset), first);
        return result;
    }

    /// <summary>ISO/IEC 14496-15 §5.3.3.1.2: these profiles append chroma format and bit depths (FFmpeg writes them too).</summary>
    private static bool HasHighProfileFields(int profile) => profile is 100 or 110 or 122 or 144;

    private static void WriteHighProfileFields(Span<byte> destination, ReadOnlySpan<byte> sps)
    {
        // An SPS this parser can't read still gets a record: assume the common 4:2:0 8-bit.
        var chromaFormat = 1;
        int bitDepthLuma = 8, bitDepthChroma = 8;
        if (H264SequenceParameterSet.TryParse(sps, out var parsed))
            (chromaFormat, bitDepthLuma, bitDepthChroma) = (parsed.ChromaFormatIdc, parsed.BitDepthLuma, parsed.BitDepthChroma);
        destination[0] = (byte)(0xFC | chromaFormat);
        destination[1] = (byte)(0xF8 | (bitDepthLuma - 8));
        destination[2] = (byte)(0xF8 | (bitDepthChroma - 8));
        destination[3] = 0; // numOfSequenceParameterSetExt
    }

    private static int WriteSet(byte[] destination, int offset, ReadOnlySpan<byte> set)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination.AsSpan(offset), checked((ushort)set.Length));
        set.CopyTo(destination.AsSpan(offset + 2));
        return offset + 2 + set.Length;
    }
}
