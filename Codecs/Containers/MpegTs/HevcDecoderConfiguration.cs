using System.Buffers.Binary;

namespace InteropGateway.Codecs.Containers.MpegTs;

/// <summary>
/// The parameter sets (VPS, SPS, PPS) and NAL length size of an HEVCDecoderConfigurationRecord
/// (ISO/IEC 14496-15 §8.3.3), as TS needs them in band before each keyframe.
/// </summary>
public sealed class HevcDecoderConfiguration
{
    private const int FixedSize = 23;

    private HevcDecoderConfiguration(int nalLengthSize, List<ReadOnlyMemory<byte>> parameterSets)
    {
        NalLengthSize = nalLengthSize;
        ParameterSets = parameterSets;
    }

    public int NalLengthSize { get; }
    /// <summary>Every NAL unit of the record's arrays, in order (VPS, SPS, PPS as the record lists them).</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> ParameterSets { get; }

    public static bool TryParse(ReadOnlyMemory<byte> data, out HevcDecoderConfiguration configuration)
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
        configuration = new HevcDecoderConfiguration(nalLengthSize is 3 ? 4 : nalLengthSize, sets);
        return true;
    }
}
