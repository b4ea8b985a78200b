using System.Buffers.Binary;

namespace InteropGateway.Codecs.Bitstream;

/// <summary>
/// Converts an Annex B access unit (what encoders such as x264 emit and what MPEG-TS carries)
/// into the canonical AVCC form: every NAL unit prefixed with its 4-byte big-endian length.
/// Measure first, then convert into a buffer of that size: no allocation here.
/// </summary>
public static class AnnexBToAvcc
{
    private const int LengthSize = 4;

    /// <summary>Bytes <see cref="Convert"/> will write for <paramref name="annexB"/>.</summary>
    /// <param name="dropParameterSets">Leave out SPS, PPS and access unit delimiters (parameter sets travel in the avcC).</param>
    public static int MeasureConverted(ReadOnlySpan<byte> annexB, bool dropParameterSets = false)
    {
        var size = 0;
        foreach (var nal in new AnnexBNalEnumerator(annexB))
        {
            if (dropParameterSets && H264NalUnit.IsParameterSetOrDelimiter(H264NalUnit.TypeOf(nal)))
                continue;
            size += LengthSize + nal.Length;
        }
        return size;
    }

    /// <summary>Writes the AVCC form into <paramref name="destination"/>; returns the bytes written.</summary>
    /// <exception cref="ArgumentException">The destination is smaller than <see cref="MeasureConverted"/>.</exception>
    public static int Convert(ReadOnlySpan<byte> annexB, Span<byte> destination, bool dropParameterSets = false)
    {
        var written = 0;
        foreach (var nal in new AnnexBNalEnumerator(annexB))
        {
            if (dropParameterSets && H264NalUnit.IsParameterSetOrDelimiter(H264NalUnit.TypeOf(nal)))
                continue;
            if (destination.Length - written < LengthSize + nal.Length)
                throw new ArgumentException("destination too small for the converted access unit", nameof(destination));
            BinaryPrimitives.WriteUInt32BigEndian(destination[written..], (uint)nal.Length);
            nal.CopyTo(destination[(written + LengthSize)..]);
            written += LengthSize + nal.Length;
        }
        return written;
    }
}
