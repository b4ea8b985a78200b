using System.Buffers.Binary;

namespace InteropGateway.Adapters.Udp.Ts;

/// <summary>
/// Builds an HEVCDecoderConfigurationRecord ("hvcC", ISO/IEC 14496-15 §8.3.3.1) from in-band
/// parameter sets: the canonical H265 track config. 4-byte NAL lengths, arrays VPS, SPS, PPS.
/// </summary>
internal static class HevcConfigurationRecord
{
    private const int FixedSize = 23;
    private const int LengthSizeMinusOne = 3;
    // NAL unit types of the arrays (ITU-T H.265 Table 7-1).
    private const byte Vps = 32;
    private const byte Sps = 33;
    private const byte Pps = 34;

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
