namespace InteropGateway.Codecs.Synthetic;

/// <summary>
/// A 5x7 pixel bitmap font for the characters a clock and a counter need ("0-9 : . #" and space),
/// drawn into the luma plane at an integer scale. Built in so the test pattern needs no font file.
/// </summary>
public static class BitmapDigitFont
{
    public const int GlyphWidth = 5;
    public const int GlyphHeight = 7;
    /// <summary>A glyph plus one pixel of spacing on the right and below.</summary>
    public const int CellWidth = GlyphWidth + 1;
    public const int CellHeight = GlyphHeight + 1;

    private const string Characters = "0123456789:.# ";

    // One byte per glyph row, bit 4 = leftmost pixel; glyphs in the order of Characters.
    private static ReadOnlySpan<byte> Glyphs =>
    [
        0x0E, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0E, // 0
        0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E, // 1
        0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F, // 2
        0x1F, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0E, // 3
        0x02, 0x06, 0x0A, 0x12, 0x1F, 0x02, 0x02, // 4
        0x1F, 0x10, 0x1E, 0x01, 0x01, 0x11, 0x0E, // 5
        0x06, 0x08, 0x10, 0x1E, 0x11, 0x11, 0x0E, // 6
        0x1F, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08, // 7
        0x0E, 0x11, 0x11, 0x0E, 0x11, 0x11, 0x0E, // 8
        0x0E, 0x11, 0x11, 0x0F, 0x01, 0x02, 0x0C, // 9
        0x00, 0x0C, 0x0C, 0x00, 0x0C, 0x0C, 0x00, // :
        0x00, 0x00, 0x00, 0x00, 0x00, 0x0C, 0x0C, // .
        0x0A, 0x0A, 0x1F, 0x0A, 0x1F, 0x0A, 0x0A, // #
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // space
    ];

    /// <summary>Width in pixels of <paramref name="length"/> characters at <paramref name="scale"/>.</summary>
    public static int MeasureWidth(int length, int scale) => length * CellWidth * scale;

    /// <summary>
    /// Draws <paramref name="text"/> with its top-left corner at (x, y) by setting the luma of every
    /// lit glyph pixel to <paramref name="ink"/>; unknown characters draw as blanks. Clipped to the picture.
    /// </summary>
    public static void Draw(in Yuv420Planes picture, int x, int y, ReadOnlySpan<char> text, int scale, byte ink)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        foreach (var c in text)
        {
            var index = Characters.IndexOf(c);
            if (index >= 0)
                DrawGlyph(picture, x, y, Glyphs.Slice(index * GlyphHeight, GlyphHeight), scale, ink);
            x += CellWidth * scale;
        }
    }

    private static void DrawGlyph(in Yuv420Planes picture, int x, int y, ReadOnlySpan<byte> rows, int scale, byte ink)
    {
        for (var row = 0; row < GlyphHeight; row++)
        {
            var bits = rows[row];
            for (var column = 0; column < GlyphWidth; column++)
            {
                if ((bits & (0x10 >> column)) != 0)
                    PictureDrawing.FillLuma(picture, x + column * scale, y + row * scale, scale, scale, ink);
            }
        }
    }
}
