namespace InteropGateway.Codecs.Synthetic;

/// <summary>
/// A managed YUV 4:2:0 picture in one contiguous buffer, planes packed without padding (the
/// layout of a raw .yuv file). Allocated once and redrawn for every frame.
/// </summary>
public sealed class Yuv420Picture
{
    public Yuv420Picture(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 2);
        Width = width;
        Height = height;
        ChromaWidth = Yuv420Planes.ChromaSize(width);
        ChromaHeight = Yuv420Planes.ChromaSize(height);
        Data = new byte[width * height + 2 * ChromaWidth * ChromaHeight];
    }

    public int Width { get; }
    public int Height { get; }
    public int ChromaWidth { get; }
    public int ChromaHeight { get; }

    /// <summary>Y plane, then U, then V.</summary>
    public byte[] Data { get; }

    private int LumaLength => Width * Height;
    private int ChromaLength => ChromaWidth * ChromaHeight;

    public Yuv420Planes Planes => new(Width, Height,
        Data.AsSpan(0, LumaLength), Width,
        Data.AsSpan(LumaLength, ChromaLength), ChromaWidth,
        Data.AsSpan(LumaLength + ChromaLength, ChromaLength), ChromaWidth);
}
