using System.Buffers.Binary;

namespace InteropGateway.Codecs.Bitstream;

/// <summary>
/// An HEVCDecoderConfigurationRecord ("hvcC", ISO/IEC 14496-15 §8.3.3.1): read for its parameter
/// sets (VPS, SPS, PPS) and NAL length size, as TS needs them in band before each keyframe, and
/// built from in-band parameter sets when a TS source carries H265.
/// </summary>
public sealed class HevcDecoderConfigurationRecord
{
    private const int FixedSize = 23;

    private HevcDecoderConfigurationRecord(int nalLengthSize, List<ReadOnlyMemory<byte>> parameterSets)
    {
        NalLengthSize = nalLengthSize;
        ParameterSets = parameterSets;
    }

    public int NalLengthSize { get; }
    /// <summary>Every NAL unit of the record's arrays, in order (VPS, SPS, PPS as the record lists them).</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> ParameterSets { get; }

    public static bool TryParse(ReadOnlyMemory<byte> data, out HevcDecoderConfigurationRecord configuration)
    {
        configuration = null!;
        var span = data.Span;
        if (span.Length < FixedSize || span[0] != 1)
            return false;
        var nalLengthSize = (span[21] & 0x03) + 1;
        var arrays = span[22];
        var offset = FixedSize;
        var sets = new List<ReadOnlyMemory<byte>>();
        for (var a = 0; a < arrays; a++)
        {
            if (offset + 3 > span.Length)
                return false;
            var count = BinaryPrimitives.ReadUInt16BigEndian(span[(offset + 1)..]);
            offset += 3;
            for (var n = 0; n < count; n++)
            {
                if (offset + 2 > span.Length)
                    return false;
                var length = BinaryPrimitives.ReadUInt16BigEndian(span[offset..]);
                offset += 2;
                if (offset + length > span.Length)
                    return false;
                sets.Add(data.Slice(offset, length));
                offset += length;
            }
        }
        configuration = new HevcDecoderConfigurationRecord(nalLengthSize is 3 ? 4 : nalLengthSize, sets);
        return true;
    }

    private const int LengthSizeMinusOne = 3;
    // NAL unit types of the arrays (ITU-T H.265 Table 7-1).
    private const byte Vps = 32;
    private const byte Sps = 33;
    private const byte Pps = 34;

    /// <summary>
    /// Builds a record from in-band parameter sets (the canonical H265 track config): 4-byte NAL
    /// lengths, arrays VPS, SPS, PPS, profile and format fields from <paramref name="sps"/>.
    /// </summary>
    public static byte[] Build(in HevcSequenceParameterSet sps, IReadOnlyList<byte[]> vpsUnits, IReadOnlyList<byte[]> spsUnits, IReadOnlyList<byte[]> ppsUnits)
    {
        var size = FixedSize + ArraySize(vpsUnits) + ArraySize(spsUnits) + ArraySize(ppsUnits);
        var record = new byte[size];
        record[0] = 1; // configurationVersion
        sps.GeneralProfileTierLevel.CopyTo(record.AsSpan(1));
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(13), 0xF000); // reserved, min_spatial_segmentation_idc 0
        record[15] = 0xFC; // reserved, parallelismType 0 (unknown)
        record[16] = (byte)(0xFC | sps.ChromaFormatIdc);
        record[17] = (byte)(0xF8 | (sps.BitDepthLuma - 8));
        record[18] = (byte)(0xF8 | (sps.BitDepthChroma - 8));
        // 19-20: avgFrameRate 0 (unspecified)
        record[21] = (byte)((sps.MaxSubLayers << 3) | (sps.TemporalIdNesting ? 0x04 : 0) | LengthSizeMinusOne);
        record[22] = 3; // numOfArrays
        var offset = FixedSize;
        offset = WriteArray(record, offset, Vps, vpsUnits);
        offset = WriteArray(record, offset, Sps, spsUnits);
        WriteArray(record, offset, Pps, ppsUnits);
        return record;
    }

    private static int ArraySize(IReadOnlyList<byte[]> units) => 3 + units.Sum(u => 2 + u.Length);

    private static int WriteArray(byte[] record, int offset, byte type, IReadOnlyList<byte[]> units)
    {
        record[offset] = (byte)(0x80 | type); // array_completeness: all sets of this type are here
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(offset + 1), checked((ushort)units.Count));
        offset += 3;
        foreach (var unit in units)
        {
            BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(offset), checked((ushort)unit.Length));
            unit.CopyTo(record, offset + 2);
            offset += 2 + unit.Length;
        }
        return offset;
    }
}
