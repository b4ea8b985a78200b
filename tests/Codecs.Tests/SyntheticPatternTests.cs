using InteropGateway.Codecs.Synthetic;

namespace InteropGateway.Tests.Codecs;

public class SyntheticPatternTests
{
    [Theory]
    [InlineData(0, "00:00:00.0")]
    [InlineData(3_723_456, "01:02:03.4")]
    [InlineData(86_399_999, "23:59:59.9")]
    [InlineData(86_400_000 + 1_000, "00:00:01.0")] // wraps at midnight
    public void Clock_text_is_hh_mm_ss_tenths(long milliseconds, string expected)
    {
        Span<char> text = stackalloc char[ClockText.ClockLength];
        ClockText.FormatClock(TimeSpan.FromMilliseconds(milliseconds), text);
        Assert.Equal(expected, text.ToString());
    }

    [Fact]
    public void Counter_text_is_zero_padded()
    {
        Span<char> text = stackalloc char[8];
        ClockText.FormatCounter(1234, text);
        Assert.Equal("#0001234", text.ToString());
    }

    [Fact]
    public void Sync_marker_is_on_for_the_first_100_ms_of_each_second()
    {
        Assert.True(SyncMarker.IsOn(TimeSpan.FromSeconds(5)));
        Assert.True(SyncMarker.IsOn(TimeSpan.FromMilliseconds(5_099)));
        Assert.False(SyncMarker.IsOn(TimeSpan.FromMilliseconds(5_100)));
        Assert.False(SyncMarker.IsOn(TimeSpan.FromMilliseconds(5_999)));
    }

    [Fact]
    public void Pattern_has_colour_bars_a_moving_ramp_and_a_changing_clock()
    {
        var generator = new TestPatternGenerator(640, 360);
        var first = new Yuv420Picture(640, 360);
        var second = new Yuv420Picture(640, 360);
        generator.Render(first.Planes, TimeSpan.FromHours(10), 0);
        generator.Render(second.Planes, TimeSpan.FromHours(10) + TimeSpan.FromSeconds(1.5), 1);

        // Bars: sample the middle of each bar's lower half, below the overlay.
        var y = 200;
        var expectedLuma = new byte[] { 180, 162, 131, 112, 84, 65, 35 };
        for (var bar = 0; bar < 7; bar++)
        {
            var x = (2 * bar + 1) * 640 / 14;
            Assert.Equal(expectedLuma[bar], first.Data[y * 640 + x]);
        }
        // Yellow bar chroma (BT.601 75%): U 44, V 142.
        var chromaIndex = y / 2 * first.ChromaWidth + 3 * 640 / 14 / 2;
        Assert.Equal(44, first.Data[640 * 360 + chromaIndex]);
        Assert.Equal(142, first.Data[640 * 360 + first.ChromaWidth * first.ChromaHeight + chromaIndex]);

        // The ramp row (bottom third) scrolls between frames; bars stay put.
        var rampRow = 350 * 640;
        Assert.False(first.Data.AsSpan(rampRow, 640).SequenceEqual(second.Data.AsSpan(rampRow, 640)));
        Assert.True(first.Data.AsSpan(y * 640, 640).SequenceEqual(second.Data.AsSpan(y * 640, 640)));

        // The overlay (top-left) differs: clock, counter and the sync marker square.
        Assert.False(first.Data.AsSpan(0, 100 * 640).SequenceEqual(second.Data.AsSpan(0, 100 * 640)));
        Assert.Contains((byte)235, first.Data.AsSpan(0, 100 * 640).ToArray());
    }

    [Fact]
    public void Drawing_into_padded_planes_leaves_the_padding_alone()
    {
        const int width = 64, height = 48, stride = 80, chromaStride = 48;
        var y = new byte[stride * height];
        var u = new byte[chromaStride * height / 2];
        var v = new byte[chromaStride * height / 2];
        Array.Fill(y, (byte)0xEE);
        Array.Fill(u, (byte)0xEE);
        Array.Fill(v, (byte)0xEE);
        var planes = new Yuv420Planes(width, height, y, stride, u, chromaStride, v, chromaStride);
        new TestPatternGenerator(width, height).Render(planes, TimeSpan.Zero, 7);
        for (var row = 0; row < height; row++)
            Assert.All(y.AsSpan(row * stride + width, stride - width).ToArray(), b => Assert.Equal(0xEE, b));
        for (var row = 0; row < height / 2; row++)
            Assert.All(u.AsSpan(row * chromaStride + width / 2, chromaStride - width / 2).ToArray(), b => Assert.Equal(0xEE, b));
        Assert.DoesNotContain((byte)0xEE, y.AsSpan(0, width).ToArray());
    }

    [Fact]
    public void Odd_sizes_are_drawn_without_overrunning()
    {
        var picture = new Yuv420Picture(101, 77);
        new TestPatternGenerator(101, 77).Render(picture.Planes, TimeSpan.FromSeconds(12.3), 5);
        Assert.Equal(101 * 77 + 2 * 51 * 39, picture.Data.Length);
    }

    [Fact]
    public void Rendering_allocates_nothing()
    {
        var generator = new TestPatternGenerator(1280, 720);
        var picture = new Yuv420Picture(1280, 720);
        generator.Render(picture.Planes, TimeSpan.Zero, 0);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 1; i <= 10; i++)
            generator.Render(picture.Planes, TimeSpan.FromMilliseconds(i * 33), i);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    /// <summary>The picture is a valid raw yuv420p frame for FFmpeg: encode a few to MPEG-1 and decode them back cleanly.</summary>
    [Fact]
    public void Ffmpeg_accepts_the_pictures_as_yuv420p()
    {
        using var dir = VideoCli.TempDirectory();
        var raw = dir.File("pattern.yuv");
        var generator = new TestPatternGenerator(320, 240);
        var picture = new Yuv420Picture(320, 240);
        using (var file = File.Create(raw))
        {
            for (var i = 0; i < 10; i++)
            {
                generator.Render(picture.Planes, TimeSpan.FromMilliseconds(i * 40), i);
                file.Write(picture.Data);
            }
        }
        var m1v = dir.File("pattern.m1v");
        VideoCli.Ffmpeg("-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", "320x240", "-r", "25", "-i", raw, "-c:v", "mpeg1video", m1v);
        VideoCli.AssertDecodesCleanly(m1v);
        Assert.Equal(("mpeg1video", 320, 240, 10), VideoCli.ProbeVideo(m1v));
    }
}
