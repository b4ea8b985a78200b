namespace InteropGateway.Codecs.Synthetic;

/// <summary>
/// A writable view of one YUV 4:2:0 planar picture (FFmpeg's yuv420p): a full-size luma plane and
/// two half-size chroma planes, each with its own stride. Lets generators draw straight into any
/// buffer — a managed <see cref="Yuv420Picture"/> or a native AVFrame — without a copy.
/// </summary>
public readonly ref struct Yuv420Planes
{
    public Yuv420Planes(int width, int height, Span<byte> y, int yStride, Span<byte> u, int uStride, Span<byte> v, int vStride)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 2);
        var chromaWidth = ChromaSize(width);
        var chromaHeight = ChromaSize(height);
        if (yStride < width || uStride < chromaWidth || vStride < chromaWidth)
            throw new ArgumentException("a stride is shorter than its plane's row");
        if (y.Length < PlaneLength(yStride, width, height)
            || u.Length < PlaneLength(uStride, chromaWidth, chromaHeight)
            || v.Length < PlaneLength(vStride, chromaWidth, chromaHeight))
            throw new ArgumentException("a plane is smaller than its stride and height require");
        Width = width;
        Height = height;
        Y = y;
        U = u;
        V = v;
        YStride = yStride;
        UStride = uStride;
        VStride = vStride;
    }

    public int Width { get; }
    public int Height { get; }
    public int ChromaWidth => ChromaSize(Width);
    public int ChromaHeight => ChromaSize(Height);
    public Span<byte> Y { get; }
    public Span<byte> U { get; }
    public Span<byte> V { get; }
    public int YStride { get; }
    public int UStride { get; }
    public int VStride { get; }

    public Span<byte> YRow(int row) => Y.Slice(row * YStride, Width);
    public Span<byte> URow(int row) => U.Slice(row * UStride, ChromaWidth);
    public Span<byte> VRow(int row) => V.Slice(row * VStride, ChromaWidth);

    /// <summary>Chroma planes round odd sizes up, as FFmpeg does.</summary>
    public static int ChromaSize(int lumaSize) => (lumaSize + 1) / 2;

    // The last row need not be padded to the full stride.
    private static int PlaneLength(int stride, int width, int height) => stride * (height - 1) + width;
}
