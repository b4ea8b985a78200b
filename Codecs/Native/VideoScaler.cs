namespace InteropGateway.Codecs.Native;

/// <summary>swscale conversion of pictures between sizes and pixel formats (e.g. decoded H264 to MPEG-1's 4:2:0 size).</summary>
public sealed unsafe class VideoScaler : IDisposable
{
    /// <summary>SWS_BILINEAR: good quality for the cost; SWS_FAST_BILINEAR = 1, SWS_BICUBIC = 4.</summary>
    public const int Bilinear = 2;

    private readonly SwsContextHandle _context;

    private VideoScaler(SwsContextHandle context, int sourceWidth, int sourceHeight, PixelFormat sourceFormat,
        int destinationWidth, int destinationHeight, PixelFormat destinationFormat)
    {
        _context = context;
        SourceWidth = sourceWidth;
        SourceHeight = sourceHeight;
        SourceFormat = sourceFormat;
        DestinationWidth = destinationWidth;
        DestinationHeight = destinationHeight;
        DestinationFormat = destinationFormat;
    }

    public int SourceWidth { get; }
    public int SourceHeight { get; }
    public PixelFormat SourceFormat { get; }
    public int DestinationWidth { get; }
    public int DestinationHeight { get; }
    public PixelFormat DestinationFormat { get; }

    public static VideoScaler Create(int sourceWidth, int sourceHeight, PixelFormat sourceFormat,
        int destinationWidth, int destinationHeight, PixelFormat destinationFormat, int flags = Bilinear)
    {
        var context = SwScaleImports.sws_getContext(sourceWidth, sourceHeight, (int)sourceFormat,
            destinationWidth, destinationHeight, (int)destinationFormat, flags, 0, 0, 0);
        if (context.IsInvalid)
            throw new FFmpegException("sws_getContext",
                $"cannot convert {sourceWidth}x{sourceHeight} {sourceFormat} to {destinationWidth}x{destinationHeight} {destinationFormat}");
        return new VideoScaler(context, sourceWidth, sourceHeight, sourceFormat, destinationWidth, destinationHeight, destinationFormat);
    }

    /// <summary>Whether <paramref name="source"/> has the size and format this scaler was made for.</summary>
    public bool Accepts(AvFrame source) =>
        source.Width == SourceWidth && source.Height == SourceHeight && source.PixelFormat == SourceFormat;

    /// <summary>
    /// Scales <paramref name="source"/> into <paramref name="destination"/>, which must already hold a
    /// picture of the destination size and format (<see cref="AvFrame.AllocateVideo"/>; call
    /// <see cref="AvFrame.MakeWritable"/> first if it was sent to an encoder).
    /// </summary>
    public void Scale(AvFrame source, AvFrame destination)
    {
        var rows = SwScaleImports.sws_scale(_context, source.Planes, source.LineSizes, 0, SourceHeight,
            destination.Planes, destination.LineSizes);
        FFmpegException.ThrowIfError(rows, "sws_scale");
    }

    public void Dispose() => _context.Dispose();
}
