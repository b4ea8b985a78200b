using InteropGateway.Adapters.Rtmp.Flv;
using InteropGateway.Codecs.Media;

namespace InteropGateway.Tests.Rtmp;

/// <summary>Timestamp resets and jumps inside one publisher's stream are bridged; real gaps and jitter are kept.</summary>
public class PublisherTimelineTests
{
    private sealed class ManualClock : TimeProvider
    {
        public long Ms;
        public override long TimestampFrequency => 1000;
        public override long GetTimestamp() => Ms;
    }

    private static (PublisherTimeline Timeline, ManualClock Clock) Make()
    {
        var clock = new ManualClock();
        return (new PublisherTimeline(clock), clock);
    }

    [Fact]
    public void Steady_stream_with_interleave_jitter_passes_through()
    {
        var (timeline, clock) = Make();
        Assert.Equal(1000, timeline.Map(MediaKind.Video, 1000, 0, out _));
        Assert.Equal(1010, timeline.Map(MediaKind.Audio, 1010, 0, out _));
        clock.Ms += 40;
        Assert.Equal(1040, timeline.Map(MediaKind.Video, 1040, 80, out _));
        Assert.Equal(1030, timeline.Map(MediaKind.Audio, 1030, 0, out var jump)); // audio a bit behind video: normal
        Assert.Null(jump);
        Assert.Equal(0, timeline.Jumps);
    }

    [Fact]
    public void Reset_to_zero_continues_after_the_latest_time_and_both_tracks_share_the_offset()
    {
        var (timeline, clock) = Make();
        for (uint t = 0; t <= 60_000; t += 40, clock.Ms += 40)
        {
            timeline.Map(MediaKind.Video, t, 80, out _);
            timeline.Map(MediaKind.Audio, t + 5, 0, out _);
        }
        // Latest time sent: video 60000 + 80 ms composition offset.
        clock.Ms += 40;
        var video = timeline.Map(MediaKind.Video, 0, 80, out var jump);
        Assert.Equal(60_080 + PublisherTimeline.RebaseGapMs, video);
        Assert.Equal(new TimelineJump(MediaKind.Video, 60_000, 0, video), jump);
        var audio = timeline.Map(MediaKind.Audio, 5, 0, out var audioJump);
        Assert.Null(audioJump); // the same reset, seen on the other track: adopted, logged once
        Assert.Equal(video + 5, audio);
        Assert.Equal(1, timeline.Jumps);
        clock.Ms += 40;
        Assert.Equal(video + 40, timeline.Map(MediaKind.Video, 40, 80, out _));
    }

    [Fact]
    public void Forward_jump_beyond_the_wall_clock_is_bridged_but_a_real_pause_is_kept()
    {
        var (timeline, clock) = Make();
        timeline.Map(MediaKind.Audio, 100, 0, out _);
        clock.Ms += 30_000; // the pusher was in the background for 30 s: timestamps and clock agree
        Assert.Equal(30_100, timeline.Map(MediaKind.Audio, 30_100, 0, out var pause));
        Assert.Null(pause);
        clock.Ms += 23;
        var jumped = timeline.Map(MediaKind.Audio, 3_630_100, 0, out var jump); // +1 h in 23 ms
        Assert.NotNull(jump);
        Assert.Equal(30_100 + PublisherTimeline.RebaseGapMs, jumped);
    }

    [Fact]
    public void One_track_reset_alone_does_not_move_the_other()
    {
        var (timeline, clock) = Make();
        for (uint t = 0; t <= 5_000; t += 40, clock.Ms += 40)
        {
            timeline.Map(MediaKind.Video, t, 0, out _);
            timeline.Map(MediaKind.Audio, t, 0, out _);
        }
        clock.Ms += 40;
        var video = timeline.Map(MediaKind.Video, 0, 0, out var jump);
        Assert.NotNull(jump);
        Assert.Equal(5_040 + PublisherTimeline.RebaseGapMs - 40, video);
        Assert.Equal(5_040, timeline.Map(MediaKind.Audio, 5_040, 0, out var audioJump)); // audio never reset: untouched
        Assert.Null(audioJump);
    }

    [Fact]
    public void Mapper_reports_the_jump_on_the_frame_that_started_it()
    {
        var mapper = new FlvIngestMapper();
        mapper.Map(InteropGateway.Adapters.Rtmp.Protocol.RtmpMessageType.Audio, 0, [0xAF, 0x00, 0x12, 0x10]);
        mapper.Map(InteropGateway.Adapters.Rtmp.Protocol.RtmpMessageType.Audio, 90_000, [0xAF, 0x01, 1]).Frame!.Release();
        var reset = mapper.Map(InteropGateway.Adapters.Rtmp.Protocol.RtmpMessageType.Audio, 0, [0xAF, 0x01, 2]);
        Assert.NotNull(reset.Jump);
        Assert.Equal(Timebase.FromMilliseconds(90_000 + PublisherTimeline.RebaseGapMs), reset.Frame!.Dts);
        reset.Frame.Release();
        Assert.Equal(1, mapper.TimestampJumps);
    }
}
