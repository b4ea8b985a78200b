using InteropGateway.Codecs.Media;
using InteropGateway.Codecs.Transcoding;
using InteropGateway.Core.Relay;
using InteropGateway.Core.Routing;
using InteropGateway.Core.Sessions;
using InteropGateway.Matrix;
using InteropGateway.Tests.Codecs;
using InteropGateway.Tests.Integration.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace InteropGateway.Tests.Integration;

/// <summary>The real gateway with FFmpeg transcoders counted, and branches closing 1 s after their last viewer.</summary>
public sealed class TranscodingGatewayFixture : GatewayFixture
{
    public CountingTranscoders Transcoders { get; } = new(new FfmpegTranscoderProvider());
    public MediaRouter Router => App.Services.GetRequiredService<MediaRouter>();

    protected override IEnumerable<string> ExtraSettings() => ["--Gateway:Relay:BranchLinger=00:00:01"];

    protected override void ConfigureBuilder(WebApplicationBuilder builder) =>
        builder.Services.Replace(ServiceDescriptor.Singleton<ITranscoderProvider>(Transcoders));
}

public sealed class CountingTranscoders(ITranscoderProvider inner) : ITranscoderProvider
{
    private int _created;
    public int Created => Volatile.Read(ref _created);
    public bool CanConvert(CodecId from, CodecId to) => inner.CanConvert(from, to);

    public ITrackTranscoder Create(TrackConfig source, CodecId target, TranscodeSettings settings)
    {
        Interlocked.Increment(ref _created);
        return inner.Create(source, target, settings);
    }
}

/// <summary>
/// An RTMP-published H264/AAC stream watched by sinks that need other codecs: the conversion is
/// paid once per stream, its output decodes cleanly in ffmpeg, and pass-through viewers are untouched.
/// </summary>
public sealed class TranscodingTests(TranscodingGatewayFixture gateway, ITestOutputHelper output) : IClassFixture<TranscodingGatewayFixture>
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Ten_opus_viewers_share_one_branch_whose_output_decodes_while_rtmp_stays_byte_identical()
    {
        const int seconds = 6;
        var clip = await SourceMedia.WebRtcClipAsync(seconds); // no B-frames: only the audio needs a branch
        const string key = "live/opus";
        var dir = Directory.CreateTempSubdirectory("gw-opus").FullName;
        var sourceMd5 = await Ffmpeg.RunAsync($"-v error -i {clip} -map 0:v -map 0:a -c copy -f framemd5 -", ToolTimeout);
        var createdBefore = gateway.Transcoders.Created;

        // Everyone waits for the publisher, so each gets the whole stream.
        var rtmpPlayer = Ffmpeg.RunAsync($"-v error -i {gateway.RtmpUrl(key)} -map 0:v -map 0:a -c copy -f framemd5 {dir}/rtmp.md5", ToolTimeout);
        var viewers = Enumerable.Range(0, 10)
            .Select(_ => gateway.Hub.Subscribe(new StreamKey("live", "opus"), new SessionInfo(Protocols.WebRtc, null, SessionInfo.NewId())))
            .ToList();
        await gateway.WaitForPlayersAsync(key, 11);
        var reads = viewers.Select(v => ReadAllAsync(v)).ToList();
        var publish = await SourceMedia.PublishAsync(clip, gateway.RtmpUrl(key));
        Assert.True(publish.ExitCode == 0, publish.ToString());

        var branch = Assert.Single(gateway.Router.Branches, b => b.Key.Source.Key.ToString() == key);
        Assert.Equal((CodecId.Aac, CodecId.Opus, 10), (branch.Key.From, branch.Key.To, branch.Subscribers));
        Assert.Equal(1, gateway.Transcoders.Created - createdBefore); // one encoder for ten viewers

        // The stream ends (grace period over); each viewer got H264 as is and Opus from the branch.
        var results = await Task.WhenAll(reads);
        foreach (var frames in results)
        {
            Assert.DoesNotContain(frames, f => f.Codec == CodecId.Aac);
            Assert.Equal(seconds * 25, frames.Count(f => f.Codec == CodecId.H264));
        }
        var opus = results[0].Where(f => f.Codec == CodecId.Opus).ToList();
        var ogg = Path.Combine(dir, "branch.opus");
        OggOpusFile.Write(ogg, opus[0].Track.Extradata.ToArray(), opus.Select(f => f.Payload.ToArray()).ToList());
        var decode = await Ffmpeg.RunAsync($"-v error -i {ogg} -f null -", ToolTimeout);
        Assert.True(decode.ExitCode == 0 && decode.Stderr.Trim().Length == 0, $"opus output does not decode cleanly: {decode}");
        var probe = await Ffmpeg.ProbeAsync($"-v error -show_entries format=duration:stream=codec_name,sample_rate -of compact {ogg}", ToolTimeout);
        output.WriteLine(probe.Stdout);
        Assert.Contains("codec_name=opus|sample_rate=48000", probe.Stdout);
        var duration = double.Parse(probe.Stdout.Split("duration=")[1].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(duration, seconds - 0.1, seconds + 0.1);

        var rtmp = await rtmpPlayer;
        Assert.True(rtmp.ExitCode == 0, rtmp.ToString());
        Assert.Equal(FrameMd5Line.Parse(sourceMd5.Stdout).Select(l => (l.Stream, l.Size, l.Hash)),
            FrameMd5Line.Parse(await File.ReadAllTextAsync($"{dir}/rtmp.md5")).Select(l => (l.Stream, l.Size, l.Hash)));

        // The last viewer left: the branch closes after its linger time.
        viewers.ForEach(v => v.Dispose());
        Assert.NotNull(await gateway.Logs.WaitForAsync(TimeSpan.FromSeconds(5), $"Branch {key} aac->opus closed"));
        await Task.Delay(500); // the router's sweep forgets closed branches within 250 ms
        Assert.True(!gateway.Router.Branches.Any(b => b.Key.Source.Key.ToString() == key),
            string.Join('\n', gateway.Logs.Lines.Where(l => l.Contains(key))));
    }

    [Fact]
    public async Task H5_viewers_get_mpeg1_and_mp2_that_ffmpeg_decodes_without_error()
    {
        const int seconds = 4;
        var clip = await SourceMedia.ClipAsync(seconds);
        const string key = "live/h5";
        var dir = Directory.CreateTempSubdirectory("gw-h5").FullName;
        using var viewer = gateway.Hub.Subscribe(new StreamKey("live", "h5"), new SessionInfo(Protocols.H5, null, SessionInfo.NewId()));
        var read = ReadAllAsync(viewer);
        var publish = await SourceMedia.PublishAsync(clip, gateway.RtmpUrl(key));
        Assert.True(publish.ExitCode == 0, publish.ToString());
        var frames = await read;

        var video = frames.Where(f => f.Codec == CodecId.Mpeg1Video).ToList();
        var audio = frames.Where(f => f.Codec == CodecId.Mp2).ToList();
        Assert.Equal(frames.Count, video.Count + audio.Count);
        Assert.True(video[0].IsKeyframe);
        await File.WriteAllBytesAsync($"{dir}/video.m1v", video.SelectMany(f => f.Payload.ToArray()).ToArray());
        await File.WriteAllBytesAsync($"{dir}/audio.mp2", audio.SelectMany(f => f.Payload.ToArray()).ToArray());
        foreach (var (file, codec) in new[] { ("video.m1v", "mpeg1video"), ("audio.mp2", "mp2") })
        {
            var decode = await Ffmpeg.RunAsync($"-v error -i {dir}/{file} -f null -", ToolTimeout);
            Assert.True(decode.ExitCode == 0 && decode.Stderr.Trim().Length == 0, $"{file} does not decode cleanly: {decode}");
            var probe = await Ffmpeg.ProbeAsync($"-v error -show_entries stream=codec_name,width,height -of compact {dir}/{file}", ToolTimeout);
            output.WriteLine(probe.Stdout);
            Assert.Contains($"codec_name={codec}", probe.Stdout);
        }
        // 25 fps in, 30 fps out (MPEG-1's grid): about seconds*30 pictures.
        Assert.InRange(video.Count, seconds * 30 - 8, seconds * 30 + 2);
    }

    [Fact]
    public async Task A_corrupt_access_unit_is_counted_and_skipped_and_the_branch_goes_on()
    {
        var clip = await SourceMedia.WebRtcClipAsync(4); // no B-frames: only the audio needs a branch
        var key = new StreamKey("live", "corrupt");
        using var viewer = gateway.Hub.Subscribe(key, new SessionInfo(Protocols.WebRtc, null, SessionInfo.NewId()));
        var read = ReadAllAsync(viewer);

        // Publish the clip's frames in process with one AAC access unit replaced by noise.
        Assert.True(gateway.Hub.TryPublish(key, new SessionInfo(Protocols.Rtmp, null, SessionInfo.NewId()), out var publication, out var error), error);
        var audioSeen = 0;
        var random = new Random(7);
        await foreach (var frame in FlvClip.ReadFramesAsync(clip))
        {
            if (frame.Codec == CodecId.Aac && ++audioSeen == 40)
                random.NextBytes(frame.WritablePayload);
            publication.Publish(frame);
        }
        var branch = Assert.Single(gateway.Router.Branches, b => b.Key.Source.Key == key);
        await Task.Delay(500);
        publication.End("test over");
        var frames = await read;

        Assert.True(branch.CorruptFrames >= 1, $"corrupt frames counted: {branch.CorruptFrames}");
        var opus = frames.Count(f => f.Codec == CodecId.Opus);
        output.WriteLine($"{audioSeen} AAC frames in, {opus} Opus frames out, {branch.CorruptFrames} corrupt");
        Assert.True(opus > 4 * 50 * 0.9, $"only {opus} Opus frames came out");
        Assert.NotNull(await gateway.Logs.WaitForAsync(TimeSpan.FromSeconds(2), "skipped a corrupt aac frame"));
    }

    [Fact]
    public async Task A_branch_closes_after_its_last_viewer_leaves_a_live_stream_and_reopens_for_the_next()
    {
        var clip = await SourceMedia.WebRtcClipAsync(10); // no B-frames: only the audio needs a branch
        const string key = "live/linger";
        await using var publisher = await BackgroundPublisher.StartAsync(gateway, clip, key);
        var streamKey = new StreamKey("live", "linger");

        var viewer = gateway.Hub.Subscribe(streamKey, new SessionInfo(Protocols.WebRtc, null, SessionInfo.NewId()));
        // The GOP cache may hold only the keyframe so far: the branch opens with the first AAC frame routed.
        await ReadUntilOpusAsync(viewer);
        Assert.Single(gateway.Router.Branches, b => b.Key.Source == publisher.Stream);
        await AssertApiShowsBranchAsync(key);
        viewer.Dispose();

        var closed = await gateway.Logs.WaitForAsync(TimeSpan.FromSeconds(4), $"Branch {key} aac->opus closed: no viewer for 1 s");
        Assert.True(closed is not null, string.Join('\n', gateway.Logs.Lines.Where(l => l.Contains(key))));
        Assert.True(publisher.Stream.IsLive);
        await Task.Delay(500);
        Assert.DoesNotContain(gateway.Router.Branches, b => b.Key.Source == publisher.Stream);
        // The stream's own subscriber list no longer holds the branch's feed.
        Assert.DoesNotContain(publisher.Stream.Subscribers, s => s.Info.Transport == "branch");

        using var again = gateway.Hub.Subscribe(streamKey, new SessionInfo(Protocols.WebRtc, null, SessionInfo.NewId()));
        await ReadUntilOpusAsync(again);
        Assert.Single(gateway.Router.Branches, b => b.Key.Source == publisher.Stream);
    }

    /// <summary>Reads (at most 5 s) until the first Opus frame: the branch's output has arrived.</summary>
    private static async Task ReadUntilOpusAsync(Subscriber viewer)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (await viewer.ReadAsync().AsTask().WaitAsync(timeout.Token) is { } frame)
        {
            var codec = frame.Codec;
            frame.Release();
            if (codec == CodecId.Opus)
                return;
        }
        throw new InvalidOperationException($"the viewer was closed before any Opus arrived: {viewer.CloseReason}");
    }

    [Fact]
    public async Task An_mpeg1_mp2_source_plays_over_rtmp_and_http_flv_as_h264_and_aac_that_decode_cleanly()
    {
        // An H5-style source (MPEG-1 + MP2, as JSMpeg pushers send): made here from the clip with
        // our own transcoders, then published as protocol "h5" so RTMP players need two branches.
        var clip = await SourceMedia.ClipAsync(6);
        const string key = "live/fromh5";
        var settings = new TranscodeSettings();
        using var toMpeg1 = TranscoderFactory.Create(new TrackConfig(MediaKind.Video, CodecId.H264, default), CodecId.Mpeg1Video, settings);
        using var toMp2 = TranscoderFactory.Create(new TrackConfig(MediaKind.Audio, CodecId.Aac, default), CodecId.Mp2, settings);
        var players = new[]
        {
            Ffmpeg.RunAsync($"-v error -i {gateway.RtmpUrl(key)} -map 0:v -map 0:a -f null -", ToolTimeout),
            Ffmpeg.RunAsync($"-v error -i {gateway.FlvUrl(key)} -map 0:v -map 0:a -f null -", ToolTimeout),
        };
        await gateway.WaitForPlayersAsync(key, 2);
        var probe = Ffmpeg.ProbeAsync($"-v error -show_entries stream=codec_name,width,height,sample_rate -of compact {gateway.RtmpUrl(key)}", ToolTimeout);
        await gateway.WaitForPlayersAsync(key, 3);

        Assert.True(gateway.Hub.TryPublish(new StreamKey("live", "fromh5"), new SessionInfo(Protocols.H5, null, SessionInfo.NewId()), out var publication, out var error), error);
        var source = new PublishingSink(publication);
        await foreach (var frame in FlvClip.ReadFramesAsync(clip))
        {
            var transcoder = frame.Kind == MediaKind.Video ? toMpeg1 : toMp2;
            // Source configs come from the clip (AVC record, ASC): the factory's placeholders are replaced on the first frame.
            transcoder.Transcode(frame, source);
            frame.Release();
        }
        toMpeg1.Flush(source);
        toMp2.Flush(source);
        Assert.True(source.Published > 6 * 25, $"only {source.Published} MPEG-1/MP2 frames published");
        await Task.Delay(500);
        publication.End("clip over");

        var branches = gateway.Router.Branches.Where(b => b.Key.Source.Key.ToString() == key).Select(b => $"{b.Key.From.Name()}->{b.Key.To.Name()}").Order();
        Assert.Equal(["mp2->aac", "mpeg1->h264"], branches);
        foreach (var run in await Task.WhenAll(players))
            Assert.True(run.ExitCode == 0 && run.Stderr.Trim().Length == 0, $"player did not decode cleanly: {run}");
        var probed = await probe;
        output.WriteLine(probed.Stdout);
        Assert.Contains("codec_name=h264|width=640|height=360", probed.Stdout);
        Assert.Contains("codec_name=aac", probed.Stdout);
    }

    /// <summary>Publishes what a transcoder hands out.</summary>
    private sealed class PublishingSink(Publication publication) : IFrameSink
    {
        public int Published;

        public void Accept(MediaFrame frame)
        {
            Published++;
            publication.Publish(frame);
        }
    }

    /// <summary>GET /api/streams shows the branch with its cost and counters.</summary>
    private async Task AssertApiShowsBranchAsync(string key)
    {
        using var http = new HttpClient();
        for (var attempt = 0; attempt < 40; attempt++)
        {
            var json = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(gateway.HttpUrl("/api/streams")));
            var stream = json.RootElement.GetProperty("streams").EnumerateArray().Single(s => s.GetProperty("key").GetString() == key);
            var branch = stream.GetProperty("branches").EnumerateArray().Single();
            if (branch.GetProperty("framesOut").GetInt64() > 0)
            {
                output.WriteLine(branch.ToString());
                Assert.Equal("aac", branch.GetProperty("source").GetString());
                Assert.Equal("opus", branch.GetProperty("target").GetString());
                Assert.Equal(1, branch.GetProperty("subscribers").GetInt32());
                Assert.StartsWith("opus 48000Hz 1ch", branch.GetProperty("output").GetString());
                Assert.True(branch.GetProperty("framesIn").GetInt64() > 0);
                Assert.True(branch.GetProperty("cpuSeconds").GetDouble() > 0);
                Assert.Equal(0, branch.GetProperty("framesDropped").GetInt64());
                return;
            }
            await Task.Delay(50);
        }
        Assert.Fail("the branch produced nothing within 2 s");
    }

    /// <summary>Reads until the stream ends (bounded to 40 s), keeping copies of the frames.</summary>
    private static async Task<List<MediaFrame>> ReadAllAsync(Subscriber subscriber)
    {
        var frames = new List<MediaFrame>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        while (await subscriber.ReadAsync().AsTask().WaitAsync(timeout.Token) is { } frame)
        {
            frames.Add(MediaFrame.Copy(frame.Track, frame.Payload.Span, frame.Dts, frame.Pts, frame.IsKeyframe));
            frame.Release();
        }
        return frames;
    }
}
