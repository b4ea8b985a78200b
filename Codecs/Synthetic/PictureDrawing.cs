namespace InteropGateway.Codecs.Synthetic;

/// <summary>Rectangle fills on a YUV 4:2:0 picture, clipped to its edges.</summary>
public static class PictureDrawing
{
    /// <summary>
    /// Fills a rectangle in all three planes. Chroma covers every 2x2 block the rectangle touches,
    /// so keep edges on even coordinates to avoid colour bleeding into neighbours.
    /// </summary>
    public static void FillRect(in Yuv420Planes picture, int x, int y, int width, int height, YuvColour colour)
    {
        FillLuma(picture, x, y, width, height, colour.Y);
        if (!Clip(ref x, ref y, ref width, ref height, picture.Width, picture.Height))
            return;
        var cx = x / 2;
        var cy = y / 2;
        var cw = (x + width + 1) / 2 - cx;
        var ch = (y + height + 1) / 2 - cy;
        for (var row = cy; row < cy + ch; row++)
        {
            picture.URow(row).Slice(cx, cw).Fill(colour.U);
            picture.VRow(row).Slice(cx, cw).Fill(colour.V);
        }
    }

    /// <summary>Fills a rectangle of the luma plane only (text ink over an already coloured box).</summary>
    public static void FillLuma(in Yuv420Planes picture, int x, int y, int width, int height, byte luma)
    {
        if (!Clip(ref x, ref y, ref width, ref height, picture.Width, picture.Height))
            return;
        for (var row = y; row < y + height; row++)
            picture.YRow(row).Slice(x, width).Fill(luma);
    }

    private static bool Clip(ref int x, ref int y, ref int width, ref int height, int planeWidth, int planeHeight)
    {
        if (x < 0) { width += x; x = 0; }
        if (y < 0) { height += y; y = 0; }
        width = Math.Min(width, planeWidth - x);
        height = Math.Min(height, planeHeight - y);
        return width > 0 && height > 0;
    }
}
