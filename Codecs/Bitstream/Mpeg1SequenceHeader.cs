namespace InteropGateway.Codecs.Bitstream;

/// <summary>
/// The picture size of an MPEG-1 video sequence header (ISO/IEC 11172-2 §2.4.2.3), which the
/// canonical MPEG-1 track carries in band before every I-picture. Lets a decoder notice a size
/// change before FFmpeg's decoder does (it would drop its delayed picture when reinitialising).
/// </summary>
public static class Mpeg1SequenceHeader
{
    private static ReadOnlySpan<byte> StartCode => [0, 0, 1, 0xB3];

    /// <summary>Reads horizontal/vertical_size of a sequence header at the start of <paramref name="picture"/>.</summary>
    public static bool TryReadSize(ReadOnlySpan<byte> picture, out int width, out int height)
    {
        width = height = 0;
        if (picture.Length < 7 || !picture.StartsWith(StartCode))
            return false;
        width = (picture[4] << 4) | (picture[5] >> 4);
        height = ((picture[5] & 0x0F) << 8) | picture[6];
        return width > 0 && height > 0;
    }
}
