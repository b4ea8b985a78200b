namespace InteropGateway.Codecs.Bitstream;

/// <summary>
/// Converts canonical AVCC samples back to Annex B (4-byte start codes), for egresses and files
/// that need a byte stream (MPEG-TS, raw .h264), and writes an avcC's parameter sets in Annex B
/// form so they can be put in front of a keyframe. Measure first, then convert: no allocation.
/// </summary>
public static class AvccToAnnexB
{
    private static ReadOnlySpan<byte> StartCode => [0, 0, 0, 1];

    /// <summary>Bytes <see cref="TryConvert"/> will write, or -1 when the sample is malformed.</summary>
    public static int MeasureConverted(ReadOnlySpan<byte> avcc, int nalLengthSize = 4)
    {
        var size = 0;
        var nals = new AvccNalEnumerator(avcc, nalLengthSize);
        while (nals.MoveNext())
            size += StartCode.Length + nals.Current.Length;
        return nals.IsMalformed ? -1 : size;
    }

    /// <summary>
    /// Writes the Annex B form into <paramref name="destination"/>. False when the sample is
    /// malformed (a length runs past the end); what was written so far is then meaningless.
    /// </summary>
    /// <exception cref="ArgumentException">The destination is smaller than <see cref="MeasureConverted"/>.</exception>
    public static bool TryConvert(ReadOnlySpan<byte> avcc, Span<byte> destination, out int written, int nalLengthSize = 4)
    {
        written = 0;
        var nals = new AvccNalEnumerator(avcc, nalLengthSize);
        while (nals.MoveNext())
            written = WriteNal(nals.Current, destination, written);
        return !nals.IsMalformed;
    }

    /// <summary>Bytes <see cref="WriteParameterSets"/> will write for <paramref name="record"/>.</summary>
    public static int MeasureParameterSets(AvcDecoderConfigurationRecord record)
    {
        // Indexed loops: foreach over the IReadOnlyList would allocate an enumerator per keyframe.
        var size = 0;
        for (var i = 0; i < record.SequenceParameterSets.Count; i++)
            size += StartCode.Length + record.SequenceParameterSets[i].Length;
        for (var i = 0; i < record.PictureParameterSets.Count; i++)
            size += StartCode.Length + record.PictureParameterSets[i].Length;
        return size;
    }

    /// <summary>Writes every SPS then every PPS of the record, each after a start code; returns the bytes written.</summary>
    public static int WriteParameterSets(AvcDecoderConfigurationRecord record, Span<byte> destination)
    {
        var written = 0;
        for (var i = 0; i < record.SequenceParameterSets.Count; i++)
            written = WriteNal(record.SequenceParameterSets[i].Span, destination, written);
        for (var i = 0; i < record.PictureParameterSets.Count; i++)
            written = WriteNal(record.PictureParameterSets[i].Span, destination, written);
        return written;
    }

    private static int WriteNal(ReadOnlySpan<byte> nal, Span<byte> destination, int offset)
    {
        if (destination.Length - offset < StartCode.Length + nal.Length)
            throw new ArgumentException("destination too small for the converted access unit", nameof(destination));
        StartCode.CopyTo(destination[offset..]);
        nal.CopyTo(destination[(offset + StartCode.Length)..]);
        return offset + StartCode.Length + nal.Length;
    }
}
