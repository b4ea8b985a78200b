namespace InteropGateway.Codecs.Synthetic;

/// <summary>
/// Draws the gateway's test picture into a YUV 4:2:0 buffer: 75% colour bars over the top two
/// thirds, a luma ramp scrolling with the frame number below them (so motion, dropped and repeated
/// frames are visible), and a box with a running clock "hh:mm:ss.f", a frame counter and the
/// once-a-second <see cref="SyncMarker"/> square. Every call redraws the whole picture into the
/// caller's buffer (which may be a reused native frame), allocating nothing.
/// </summary>
public sealed class TestPatternGenerator
{
    private const int CounterDigits = 7;

    private static readonly YuvColour[] Bars =
    [
        YuvColour.Grey75, YuvColour.Yellow75, YuvColour.Cyan75, YuvColour.Green75,
        YuvColour.Magenta75, YuvColour.Red75, YuvColour.Blue75,
    ];

    private readonly byte[] _rampRow;
    private readonly int _barsHeight;
    private readonly int _scale;
    private readonly int _padding;
    private readonly int _boxX, _boxY, _boxWidth, _boxHeight;
    private readonly int _rampStepPerFrame;

    public TestPatternGenerator(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 16);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 16);
        Width = width;
        Height = height;
        _rampRow = new byte[width];
        _barsHeight = Even(height * 2 / 3);
        _scale = Math.Max(1, height / 120);
        _padding = Even(2 * _scale);
        _boxX = _boxY = Even(8 * _scale);
        _boxWidth = Even(BitmapDigitFont.MeasureWidth(ClockText.ClockLength, _scale) + 2 * _padding);
        _boxHeight = Even(2 * BitmapDigitFont.CellHeight * _scale + 2 * _padding);
        _rampStepPerFrame = Math.Max(1, width / 320);
    }

    public int Width { get; }
    public int Height { get; }

    /// <param name="clock">The time shown, and the timeline of the sync marker square.</param>
    /// <param name="frameNumber">Shown as a counter and drives the scrolling ramp.</param>
    public void Render(in Yuv420Planes picture, TimeSpan clock, long frameNumber)
    {
        if (picture.Width != Width || picture.Height != Height)
            throw new ArgumentException($"picture is {picture.Width}x{picture.Height}, the generator draws {Width}x{Height}");
        DrawBars(picture);
        DrawRamp(picture, frameNumber);
        DrawOverlay(picture, clock, frameNumber);
    }

    private void DrawBars(in Yuv420Planes picture)
    {
        for (var i = 0; i < Bars.Length; i++)
        {
            var left = Even(i * Width / Bars.Length);
            var right = i == Bars.Length - 1 ? Width : Even((i + 1) * Width / Bars.Length);
            PictureDrawing.FillRect(picture, left, 0, right - left, _barsHeight, Bars[i]);
        }
    }

    private void DrawRamp(in Yuv420Planes picture, long frameNumber)
    {
        var shift = (int)(frameNumber * _rampStepPerFrame % Width);
        for (var x = 0; x < Width; x++)
        {
            var position = (x + shift) % Width;
            _rampRow[x] = (byte)(16 + position * 219 / Width);
        }
        for (var row = _barsHeight; row < Height; row++)
            _rampRow.CopyTo(picture.YRow(row));
        for (var row = _barsHeight / 2; row < picture.ChromaHeight; row++)
        {
            picture.URow(row).Fill(128);
            picture.VRow(row).Fill(128);
        }
    }

    private void DrawOverlay(in Yuv420Planes picture, TimeSpan clock, long frameNumber)
    {
        PictureDrawing.FillRect(picture, _boxX, _boxY, _boxWidth, _boxHeight, YuvColour.Black);

        Span<char> text = stackalloc char[ClockText.ClockLength];
        ClockText.FormatClock(clock, text);
        var textX = _boxX + _padding;
        var lineY = _boxY + _padding;
        BitmapDigitFont.Draw(picture, textX, lineY, text, _scale, YuvColour.White.Y);

        var counter = text[..(1 + CounterDigits)];
        ClockText.FormatCounter(frameNumber, counter);
        BitmapDigitFont.Draw(picture, textX, lineY + BitmapDigitFont.CellHeight * _scale, counter, _scale, YuvColour.White.Y);

        var marker = SyncMarker.IsOn(clock) ? YuvColour.White : YuvColour.Black;
        PictureDrawing.FillRect(picture, _boxX + _boxWidth + _boxX, _boxY, _boxHeight, _boxHeight, marker);
    }

    private static int Even(int value) => value & ~1;
}
