using InteropGateway.Codecs.Transcoding;

namespace InteropGateway.Tests.Codecs;

public class VideoFrameRateGridTests
{
    [Fact]
    public void Grid_is_anchored_at_the_first_pts()
    {
        var grid = new VideoFrameRateGrid(30);
        Assert.Equal(new VideoGridStep(false, 0, 0), grid.Place(123_456));
        Assert.Equal(123_456, grid.SlotTime(0));
        Assert.Equal(123_456 + 3000, grid.SlotTime(1));
        Assert.Equal(new VideoGridStep(false, 0, 1), grid.Place(123_456 + 3000));
    }

    [Fact]
    public void Faster_source_drops_pictures_slower_source_repeats_them()
    {
        var fast = new VideoFrameRateGrid(30);
        // 60 fps: pictures 0..58 land on slots 0..29 (picture 59 would round up to slot 30).
        var kept = Enumerable.Range(0, 59).Count(i => !fast.Place(i * 1500L).Drop);
        Assert.Equal(30, kept);

        var slow = new VideoFrameRateGrid(30);
        var slots = 0;
        for (var i = 0; i < 25; i++) // 25 fps for 1 s
        {
            var step = slow.Place(i * 3600L);
            Assert.False(step.Drop);
            slots += step.RepeatCount + 1;
        }
        Assert.Equal(30, slots); // slots 0..29: every slot filled once
    }

    [Fact]
    public void Long_gap_is_skipped_not_filled()
    {
        var grid = new VideoFrameRateGrid(30);
        grid.Place(0);
        var step = grid.Place(5 * 90_000); // source paused for 5 s
        Assert.Equal(new VideoGridStep(false, 0, 150), step);
    }

    [Fact]
    public void Jump_back_keeps_slots_increasing()
    {
        var grid = new VideoFrameRateGrid(25);
        grid.Place(900_000);
        grid.Place(903_600);
        var step = grid.Place(0); // a new timeline far behind
        Assert.Equal(new VideoGridStep(false, 0, 2), step);
        Assert.Equal(0, grid.SlotTime(2));
        Assert.Equal(new VideoGridStep(false, 0, 3), grid.Place(3600));
    }

    [Fact]
    public void Slightly_late_picture_is_dropped()
    {
        var grid = new VideoFrameRateGrid(30);
        grid.Place(0);
        grid.Place(3000);
        Assert.True(grid.Place(2000).Drop);
    }

    [Theory]
    [InlineData(0, 0, 1280, 720, 1280, 720)]
    [InlineData(0, 0, 641, 359, 640, 358)]
    [InlineData(640, 0, 1280, 720, 640, 360)]
    [InlineData(0, 288, 1280, 720, 512, 288)]
    [InlineData(352, 288, 1280, 720, 352, 288)]
    public void Target_size_follows_settings_then_source_and_is_even(int configuredWidth, int configuredHeight, int sourceWidth, int sourceHeight, int width, int height)
    {
        Assert.Equal((width, height), VideoTargetSize.Resolve(configuredWidth, configuredHeight, sourceWidth, sourceHeight));
    }
}
