namespace InteropGateway.Codecs.Containers.MpegTs;

/// <summary>Finds the coding type of the first picture in an MPEG-1 video chunk (ISO/IEC 11172-2 §2.4.2.5).</summary>
public static class Mpeg1PictureType
{
    public const int Intra = 1;
    private const byte PictureStartCode = 0x00;

    /// <summary>1 = I, 2 = P, 3 = B, 4 = D; 0 when no picture header is found.</summary>
    public static int Find(ReadOnlySpan<byte> data)
    {
        for (var i = 0; i + 5 < data.Length; i++)
        {
            if (data[i] != 0 || data[i + 1] != 0 || data[i + 2] != 1)
                continue;
            if (data[i + 3] == PictureStartCode)
                return (data[i + 5] >> 3) & 0x7; // after 10 bits of temporal_reference
            i += 2;
        }
        return 0;
    }
}
