using InteropGateway.Codecs.Media;
using InteropGateway.Core.Options;
using InteropGateway.Core.Relay;
using static InteropGateway.Tests.Core.TestStreams;

namespace InteropGateway.Tests.Core;

public class RelayTests
{
    private static List<MediaFrame> Drain(Subscriber subscriber)
    {
        var frames = new List<MediaFrame>();
        while (subscriber.TryRead(out var frame))
            frames.Add(frame);
        return frames;
    }

    [Fact]
    public async Task A_repeated_timestamp_reaches_players_at_least_a_millisecond_later()
    {
        using var hub = Hub();
        Assert.True(hub.TryPublish(Key, Session(), out var publication, out _));
        using var player = hub.Subscribe(Key, Session());
        publication.Publish(VideoFrame(0));
        publication.Publish(VideoFrame(0)); // a sender repeating a timestamp (WebRTC does, now and then)

        var first = (await player.ReadAsync())!;
        var second = (await player.ReadAsync())!;
        // RTMP and FLV carry milliseconds: the repeat must not look like the same time there.
        Assert.True(Timebase.ToMilliseconds(second.Dts) > Timebase.ToMilliseconds(first.Dts), $"{first} then {second}");
        first.Release();
        second.Release();
    }

    [Fact]
    public void Fan_out_shares_one_payload_with_every_subscriber()
    {
        using var hub = Hub();
        Assert.True(hub.TryPublish(Key, Session(), out var publication, out _));
        var players = Enumerable.Range(0, 3).Select(_ => hub.Subscribe(Key, Session())).ToArray();

        var frame = VideoFrame(0);
        var payload = frame.Payload;
        publication.Publish(frame);

        foreach (var player in players)
        {
            var got = Assert.Single(Drain(player));
            Assert.True(got.Payload.Span == payload.Span, "subscribers must see the same buffer, not a copy");
            got.Release();
        }
        // Only the GOP cache still holds the frame.
        Assert.Equal(1, frame.ReferenceCount);
    }

    [Fact]
    public void Late_joiner_starts_at_the_cached_keyframe()
    {
        using var hub = Hub();
        Assert.True(hub.TryPublish(Key, Session(), out var publication, out _));
        for (var i = 0; i < 60; i++)
        {
            publication.Publish(VideoFrame(i));
            publication.Publish(AudioFrame(i));
        }

        using var late = hub.Subscribe(Key, Session());
        var frames = Drain(late);
        Assert.True(frames[0].IsKeyframe && frames[0].Kind == MediaKind.Video);
        Assert.Equal(50 * 40L * Timebase.TicksPerMillisecond, frames[0].Dts);
        Assert.Equal(20, frames.Count); // video 50..59 and audio 50..59
        frames.ForEach(f => f.Release());
    }

    [Fact]
    public void Player_joining_mid_gop_without_cache_waits_for_a_keyframe()
    {
        using var hub = Hub(new RelayOptions { GopCacheMaxFrames = 1 }); // a GOP never fits
        Assert.True(hub.TryPublish(Key, Session(), out var publication, out _));
        publication.Publish(VideoFrame(0));
        publication.Publish(VideoFrame(1));
        using var player = hub.Subscribe(Key, Session());
        publication.Publish(VideoFrame(2));
        publication.Publish(VideoFrame(25));
        var frames = Drain(player);
        Assert.Equal(25 * 3600L, Assert.Single(frames).Dts);
        frames.ForEach(f => f.Release());
    }

    [Fact]
    public void Slow_subscriber_drops_to_the_next_keyframe_and_others_get_everything()
    {
        var logger = new ListLogger<StreamHub>();
        using var hub = Hub(new RelayOptions { SubscriberQueueFrames = 10 }, logger);
        Assert.True(hub.TryPublish(Key, Session(), out var publication, out _));
        using var slow = hub.Subscribe(Key, Session());
        var fast = hub.Subscribe(Key, Session());
        var fastCount = 0;
        for (var i = 0; i < 30; i++)
        {
            publication.Publish(VideoFrame(i, gop: 25));
            Assert.True(fast.TryRead(out var f));
            fastCount++;
            f.Release();
        }

        Assert.Equal(30, fastCount);
        Assert.Equal(0, fast.FramesDropped);
        // slow: frames 0..9 queued, 10..24 dropped, keyframe 25 still does not fit -> dropped, 26..29 dropped.
        Assert.Equal(20, slow.FramesDropped);
        Assert.Contains(logger.Lines, l => l.Contains("too slow") && l.Contains("discarding frames until the next keyframe"));

        // The slow player reads its backlog; the next keyframe gets in and the episode ends.
        Drain(slow).ForEach(f => f.Release());
        publication.Publish(VideoFrame(30, gop: 25)); // not a keyframe: still dropping
        publication.Publish(VideoFrame(50, gop: 25)); // keyframe: resumes
        var resumed = Drain(slow);
        Assert.True(Assert.Single(resumed).IsKeyframe);
        resumed.ForEach(f => f.Release());
        Assert.Contains(logger.Lines, l => l.Contains("caught up after discarding 21 frames"));
        fast.Dispose();
    }

    [Fact]
    public async Task Subscriber_behind_longer_than_max_lag_is_closed_with_a_reason()
    {
        using var hub = Hub(new RelayOptions { SubscriberQueueFrames = 2, SubscriberMaxLag = TimeSpan.FromMilliseconds(50) });
        Assert.True(hub.TryPublish(Key, Session(), out var publication, out _));
        var stuck = hub.Subscribe(Key, Session());
        for (var i = 0; i < 3; i++)
            publication.Publish(VideoFrame(i));
        await Task.Delay(100);
        publication.Publish(VideoFrame(3));
        Assert.True(stuck.IsClosed);
        Assert.StartsWith("too slow", stuck.CloseReason);
        Assert.Empty(hub.Find(Key)!.Subscribers);
        Assert.Null(await stuck.ReadAsync());
    }

    [Fact]
    public void Second_publisher_is_refused_under_the_reject_policy()
    {
        using var hub = Hub();
        Assert.True(hub.TryPublish(Key, Session(), out _, out _));
        Assert.False(hub.TryPublish(Key, Session(), out _, out var error));
        Assert.Contains("already being published", error);
    }

    [Fact]
    public void Take_over_revokes_the_first_publisher_and_continues_the_stream()
    {
        using var hub = Hub(new RelayOptions { PublishPolicy = PublishPolicy.TakeOver });
        Assert.True(hub.TryPublish(Key, Session(), out var first, out _));
        using var player = hub.Subscribe(Key, Session());
        first.Publish(VideoFrame(0));
        Assert.True(hub.TryPublish(Key, Session(), out var second, out _));
        Assert.True(first.Revoked.IsCancellationRequested);
        first.Publish(VideoFrame(1)); // ignored: no longer the publisher
        second.Publish(VideoFrame(0));
        var frames = Drain(player);
        Assert.Equal(2, frames.Count);
        Assert.Equal(40 * Timebase.TicksPerMillisecond, frames[1].Dts); // rebased: follows frame 0 by 40 ms
        frames.ForEach(f => f.Release());
    }

    [Fact]
    public void Republish_within_grace_keeps_players_and_rebases_timestamps()
    {
        using var hub = Hub(new RelayOptions { PublisherGracePeriod = TimeSpan.FromSeconds(30) });
        Assert.True(hub.TryPublish(Key, Session(), out var first, out _));
        using var player = hub.Subscribe(Key, Session());
        for (var i = 0; i < 50; i++)
            first.Publish(VideoFrame(i));
        first.Dispose();

        Assert.True(hub.TryPublish(Key, Session(), out var second, out _));
        second.Publish(VideoFrame(1)); // not a keyframe: a new publisher must start on one
        for (var i = 0; i < 10; i++)
            second.Publish(VideoFrame(i));
        var frames = Drain(player);
        Assert.False(player.IsClosed);
        Assert.Equal(60, frames.Count);
        var dts = frames.Select(f => f.Dts).ToArray();
        Assert.True(dts.Zip(dts.Skip(1)).All(p => p.Second > p.First), "timestamps must keep increasing across publishers");
        Assert.Equal(49 * 3600L + 3600L, frames[50].Dts);
        Assert.True(frames[50].IsKeyframe);
        frames.ForEach(f => f.Release());
    }

    [Fact]
    public void Rebasing_follows_the_last_presentation_time_and_never_sends_a_track_back_in_time()
    {
        using var hub = Hub();
        Assert.True(hub.TryPublish(Key, Session(), out var first, out _));
        using var player = hub.Subscribe(Key, Session());
        var ms = Timebase.TicksPerMillisecond;
        var key = VideoFrame(0);
        first.Publish(key);
        var bFrameTail = VideoFrame(1); // shown 80 ms after its DTS, as with two B-frames
        bFrameTail.Pts += 80 * ms;
        first.Publish(bFrameTail);
        first.Dispose();

        Assert.True(hub.TryPublish(Key, Session(), out var second, out _));
        second.Publish(AudioFrame(0));                       // audio first, at 0
        var video = MediaFrame.Rent(Video, 10, -80 * ms, 0, true); // video DTS below audio's, as x264 with B-frames can start
        second.Publish(video);
        var frames = Drain(player);
        Assert.Equal(4, frames.Count);
        var lastShown = 40 * ms + 80 * ms;
        Assert.True(frames[2].Dts > lastShown, $"audio rebased to {frames[2].Dts}, before the last shown picture {lastShown}");
        Assert.True(frames[3].Dts > frames[1].Dts, "video went back in time");
        Assert.True(frames[3].Pts > lastShown);
        frames.ForEach(f => f.Release());
    }

    [Fact]
    public async Task Stream_ends_for_its_players_when_the_grace_period_runs_out()
    {
        using var hub = Hub(new RelayOptions { PublisherGracePeriod = TimeSpan.FromMilliseconds(100) });
        Assert.True(hub.TryPublish(Key, Session(), out var publication, out _));
        using var player = hub.Subscribe(Key, Session());
        publication.Publish(VideoFrame(0));
        publication.Dispose();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var first = await player.ReadAsync().AsTask().WaitAsync(cts.Token);
        first!.Release();
        Assert.Null(await player.ReadAsync().AsTask().WaitAsync(cts.Token));
        Assert.Contains("no publisher", player.CloseReason);
        Assert.Null(hub.Find(Key));
    }

    [Fact]
    public async Task Player_of_an_unknown_stream_is_told_not_found_after_the_wait()
    {
        using var hub = Hub(new RelayOptions { PlayWaitTimeout = TimeSpan.FromMilliseconds(100) });
        using var player = hub.Subscribe(new("live", "nobody"), Session());
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        Assert.Null(await player.ReadAsync().AsTask().WaitAsync(cts.Token));
        Assert.Contains("not found", player.CloseReason);
    }

    [Fact]
    public void Closing_a_subscriber_releases_its_queued_frames()
    {
        using var hub = Hub();
        Assert.True(hub.TryPublish(Key, Session(), out var publication, out _));
        var player = hub.Subscribe(Key, Session());
        var frame = VideoFrame(0);
        publication.Publish(frame.AddRef());
        Assert.Equal(3, frame.ReferenceCount); // ours, GOP cache, player queue
        player.Dispose();
        Assert.Equal(2, frame.ReferenceCount);
        publication.Dispose();
        frame.Release();
    }

    [Theory]
    [InlineData("live", "x", true)]
    [InlineData("live", "", false)]
    [InlineData("li/ve", "x", false)]
    [InlineData("live", "..", false)]
    [InlineData("live", "a b", false)]
    public void Stream_keys_are_validated(string app, string stream, bool valid)
    {
        Assert.Equal(valid, StreamKey.TryCreate(app, stream, out _, out var error));
        Assert.Equal(valid, error is null);
    }
}
