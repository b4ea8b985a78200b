using Xunit.Abstractions;
using InteropGateway.Codecs.Media;
using InteropGateway.Codecs.Transcoding;
using InteropGateway.Core.Options;
using InteropGateway.Core.Relay;
using InteropGateway.Core.Routing;
using InteropGateway.Matrix;
using Microsoft.Extensions.Logging.Abstractions;

namespace InteropGateway.Tests.Core;

/// <summary>Routing through the shipped matrix: pass-through where accepted, one shared branch otherwise.</summary>
public sealed class RouterTests : IDisposable
{
    private readonly ListLogger<StreamHub> _hubLog = new();
    private readonly ListLogger<MediaRouter> _routerLog = new();
    private readonly ITestOutputHelper _output;
    private readonly RelabelTranscoders _transcoders = new();
    private readonly RelayOptions _options = new() { BranchLinger = TimeSpan.FromMilliseconds(300) };
    private readonly MediaRouter _router;
    private readonly StreamHub _hub;

    public RouterTests(ITestOutputHelper output)
    {
        _output = output;
        var matrix = new MatrixStore(Path.Combine(AppContext.BaseDirectory, "matrix.json"), NullLogger.Instance);
        _router = new MediaRouter(matrix, new StaticOptionsMonitor<RelayOptions>(_options),
            new StaticOptionsMonitor<TranscodeSettings>(new TranscodeSettings()), _transcoders, _routerLog);
        _hub = TestStreams.Hub(_options, _hubLog, router: _router);
    }

    public void Dispose()
    {
        lock (_hubLog.Lines) _hubLog.Lines.ForEach(_output.WriteLine);
        lock (_routerLog.Lines) _routerLog.Lines.ForEach(_output.WriteLine);
        _router.Dispose();
        _hub.Dispose();
    }

    [Fact]
    public async Task Ten_webrtc_viewers_of_an_rtmp_stream_share_one_aac_to_opus_branch_and_get_h264_as_is()
    {
        using var publication = Publish("rtmp");
        var viewers = Enumerable.Range(0, 10).Select(_ => _hub.Subscribe(TestStreams.Key, TestStreams.Session("webrtc"))).ToList();
        for (var i = 0; i < 50; i++)
        {
            publication.Publish(TestStreams.VideoFrame(i));
            publication.Publish(TestStreams.AudioFrame(i));
        }

        var branch = Assert.Single(_router.Branches);
        Assert.Equal((CodecId.Aac, CodecId.Opus), (branch.Key.From, branch.Key.To));
        Assert.Equal(10, branch.Subscribers);
        foreach (var viewer in viewers)
        {
            var frames = await ReadAsync(viewer, 100);
            Assert.Equal(50, frames.Count(f => f.Codec == CodecId.H264));
            Assert.Equal(50, frames.Count(f => f.Codec == CodecId.Opus));
            Assert.DoesNotContain(frames, f => f.Codec == CodecId.Aac);
            viewer.Dispose();
        }
        Assert.Equal(1, _transcoders.Created);
    }

    [Fact]
    public async Task An_rtmp_viewer_gets_the_very_same_frames_while_a_branch_runs()
    {
        using var publication = Publish("rtmp");
        using var webrtc = _hub.Subscribe(TestStreams.Key, TestStreams.Session("webrtc"));
        using var rtmp = _hub.Subscribe(TestStreams.Key, TestStreams.Session("rtmp"));
        var published = new List<MediaFrame>();
        for (var i = 0; i < 20; i++)
        {
            var video = TestStreams.VideoFrame(i);
            var audio = TestStreams.AudioFrame(i);
            published.Add(video.AddRef());
            published.Add(audio.AddRef());
            publication.Publish(video);
            publication.Publish(audio);
        }

        var received = await ReadAsync(rtmp, 40);
        Assert.Equal(published, received.Select(f => f.Instance)); // same instances: no copy, no conversion
        Assert.Single(_router.Branches);
        published.ForEach(f => f.Release());
    }

    [Fact]
    public async Task A_branch_closes_after_its_last_viewer_left_and_frees_its_transcoder()
    {
        using var publication = Publish("rtmp");
        var viewer = _hub.Subscribe(TestStreams.Key, TestStreams.Session("webrtc"));
        publication.Publish(TestStreams.VideoFrame(0));
        publication.Publish(TestStreams.AudioFrame(0));
        await WaitUntil(() => _transcoders.Created == 1);
        viewer.Dispose();

        await WaitUntil(() => _router.Branches.Count == 0 && _transcoders.Instances[0].Disposed);
        // Only the publisher's own stream remains, without the branch's feed.
        Assert.Empty(_hub.Find(TestStreams.Key)!.Subscribers);
    }

    [Fact]
    public async Task A_keyframe_request_from_a_branch_viewer_makes_the_encoder_emit_one()
    {
        using var publication = Publish("rtmp");
        using var h5 = _hub.Subscribe(TestStreams.Key, TestStreams.Session("h5"));
        publication.Publish(TestStreams.VideoFrame(0));
        publication.Publish(TestStreams.VideoFrame(1));
        await ReadAsync(h5, 2);

        h5.RequestKeyframe();
        publication.Publish(TestStreams.VideoFrame(2));
        var next = await ReadAsync(h5, 1);

        Assert.Equal(CodecId.Mpeg1Video, next[0].Codec);
        Assert.True(next[0].IsKeyframe);
        Assert.Equal(1, _transcoders.Instances.Single(t => t.Target == CodecId.Mpeg1Video).KeyframeRequests);
    }

    [Fact]
    public async Task A_late_viewer_of_a_video_branch_starts_on_the_branch_keyframe()
    {
        using var publication = Publish("rtmp");
        using var first = _hub.Subscribe(TestStreams.Key, TestStreams.Session("h5"));
        for (var i = 0; i < 30; i++)
            publication.Publish(TestStreams.VideoFrame(i));
        await ReadAsync(first, 30);

        using var late = _hub.Subscribe(TestStreams.Key, TestStreams.Session("h5"));
        var frames = await ReadAsync(late, 5);
        Assert.True(frames[0].IsKeyframe);
        Assert.Equal(CodecId.Mpeg1Video, frames[0].Codec);
        Assert.Equal(TestStreams.VideoFrame(25).Dts, frames[0].Dts);
        Assert.Equal(1, _transcoders.Created); // ...from the branch that already runs
    }

    [Fact]
    public async Task A_slow_branch_never_delays_the_publisher_or_pass_through_viewers()
    {
        _transcoders.Delay = TimeSpan.FromMilliseconds(20);
        _options.SubscriberQueueFrames = 16;
        using var publication = Publish("rtmp");
        using var slow = _hub.Subscribe(TestStreams.Key, TestStreams.Session("webrtc"));
        using var rtmp = _hub.Subscribe(TestStreams.Key, TestStreams.Session("rtmp"));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 200; i++)
            publication.Publish(TestStreams.AudioFrame(i));
        var publishTime = clock.Elapsed;

        Assert.True(publishTime < TimeSpan.FromSeconds(1), $"publishing 200 frames took {publishTime}");
        var passThrough = new List<InteropGateway.Codecs.Media.MediaFrame>();
        while (rtmp.TryRead(out var frame))
            passThrough.Add(frame);
        Assert.Equal(16, passThrough.Count); // the pass-through queue is only bounded by its own size
        await WaitUntil(() => _router.Branches.Single().FramesDropped > 0);
        passThrough.ForEach(f => f.Release());
    }

    [Fact]
    public async Task On_an_audio_only_stream_the_frame_that_opened_the_branch_is_converted_too()
    {
        using var publication = Publish("rtmp");
        using var viewer = _hub.Subscribe(TestStreams.Key, TestStreams.Session("webrtc"));
        for (var i = 0; i < 10; i++)
            publication.Publish(TestStreams.AudioFrame(i));

        var frames = await ReadAsync(viewer, 10);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i * 1920L), frames.Select(f => f.Dts));
        Assert.All(frames, f => Assert.Equal(CodecId.Opus, f.Codec));
    }

    [Fact]
    public async Task Every_viewer_routed_by_the_frame_that_opened_a_branch_gets_that_frame_converted()
    {
        using var publication = Publish("rtmp");
        var viewers = Enumerable.Range(0, 8).Select(_ => _hub.Subscribe(TestStreams.Key, TestStreams.Session("webrtc"))).ToList();
        try
        {
            publication.Publish(TestStreams.AudioFrame(0));
            publication.Publish(TestStreams.AudioFrame(1));

            foreach (var viewer in viewers)
                Assert.Equal([0L, 1920L], (await ReadAsync(viewer, 2)).Select(f => f.Dts));
        }
        finally
        {
            viewers.ForEach(v => v.Dispose());
        }
    }

    [Fact]
    public async Task A_track_the_matrix_cannot_convert_is_not_sent_and_the_rest_still_flows()
    {
        using var publication = Publish("rtmp");
        using var viewer = _hub.Subscribe(TestStreams.Key, TestStreams.Session("webrtc"));
        var h265 = new TrackConfig(MediaKind.Video, CodecId.H265, new byte[] { 1 });
        publication.Publish(MediaFrame.Copy(h265, new byte[] { 1, 2 }, 0, 0, true));
        publication.Publish(TestStreams.AudioFrame(0));

        var frames = await ReadAsync(viewer, 1);
        Assert.Equal(CodecId.Opus, frames[0].Codec);
        Assert.False(viewer.TryRead(out _));
    }

    private Publication Publish(string protocol)
    {
        Assert.True(_hub.TryPublish(TestStreams.Key, TestStreams.Session(protocol), out var publication, out var error), error);
        return publication;
    }

    private sealed record Seen(MediaFrame Instance, CodecId Codec, bool IsKeyframe, long Dts);

    /// <summary>Reads <paramref name="count"/> frames (within 5 s) and releases them; returns what they were.</summary>
    private static async Task<List<Seen>> ReadAsync(Subscriber subscriber, int count)
    {
        var frames = new List<Seen>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20)); // generous: CI machines have 2 busy cores
        while (frames.Count < count)
        {
            var frame = await subscriber.ReadAsync().AsTask().WaitAsync(timeout.Token);
            Assert.NotNull(frame);
            frames.Add(new Seen(frame, frame.Codec, frame.IsKeyframe, frame.Dts));
            frame.Release();
        }
        return frames;
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
            await Task.Delay(50);
        Assert.True(condition());
    }
}
