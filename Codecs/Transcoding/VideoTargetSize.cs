namespace InteropGateway.Codecs.Transcoding;

/// <summary>Chooses an encoder's picture size from the configured size and the source's.</summary>
public static class VideoTargetSize
{
    /// <summary>
    /// Both configured values 0: the source size. One of them 0: derived from the other with the
    /// source aspect ratio. Always even, because 4:2:0 chroma needs whole 2x2 blocks (x264 refuses
    /// odd sizes), and at least 2x2.
    /// </summary>
    public static (int Width, int Height) Resolve(int configuredWidth, int configuredHeight, int sourceWidth, int sourceHeight)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sourceWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sourceHeight, 1);
        int width = configuredWidth, height = configuredHeight;
        if (width <= 0 && height <= 0)
            (width, height) = (sourceWidth, sourceHeight);
        else if (width <= 0)
            width = (int)Math.Round((double)height * sourceWidth / sourceHeight);
        else if (height <= 0)
            height = (int)Math.Round((double)width * sourceHeight / sourceWidth);
        return (Even(width), Even(height));
    }

    private static int Even(int value) => Math.Max(2, value & ~1);
}
