using System.Diagnostics;
using InteropGateway.Codecs.Bitstream;
using InteropGateway.Codecs.Media;
using InteropGateway.Codecs.Native;
using InteropGateway.Core.Demo;
using InteropGateway.Core.Relay;
using Microsoft.Extensions.Options;
using static InteropGateway.Tests.Core.TestStreams;

namespace InteropGateway.Tests.Core;

/// <summary>
/// The demo encodes 720p in real time: run it alone, so it neither slows the other tests' timeouts
/// nor gets slowed into skipping by them.
/// </summary>
[CollectionDefinition(nameof(DemoStreamTests), DisableParallelization = true)]
public class DemoStreamCollection;

[Collection(nameof(DemoStreamTests))]
public class DemoStreamTests
{
    private static readonly StreamKey DemoKey = new("demo", "testsrc");

    [Fact]
    public async Task Demo_publishes_decodable_h264_and_aac_in_real_time()
    {
        using var hub = Hub();
        var logger = new ListLogger<DemoStreamService>();
        using var service = new DemoStreamService(hub, Options.Create(new DemoOptions()), logger);
        using var player = hub.Subscribe(DemoKey, Session());

        var wall = Stopwatch.StartNew();
        await service.StartAsync(CancellationToken.None);
        var frames = ReadVideoSeconds(player, seconds: 2, timeout: TimeSpan.FromSeconds(20));
        var elapsed = wall.Elapsed;
        await service.StopAsync(CancellationToken.None);

        try
        {
            Assert.Contains(logger.Lines, l => l.Contains("Demo stream demo/testsrc: 1280x720@30 H264 + AAC"));
            Assert.True(frames[0].Kind == MediaKind.Video && frames[0].IsKeyframe, "a player must start on a keyframe");

            var video = frames.Where(f => f.Kind == MediaKind.Video).ToList();
            var audio = frames.Where(f => f.Kind == MediaKind.Audio).ToList();
            Assert.All(video, f => Assert.Equal(CodecId.H264, f.Codec));
            Assert.All(audio, f => Assert.Equal(CodecId.Aac, f.Codec));
            AssertIncreasing(video);
            AssertIncreasing(audio);

            // Paced by the wall clock: 2 s of media cannot have come out much faster than 2 s.
            var mediaSeconds = Timebase.ToSeconds(video[^1].Pts - video[0].Pts);
            Assert.True(elapsed.TotalSeconds > mediaSeconds - 0.5, $"{mediaSeconds:F2} s of media in {elapsed.TotalSeconds:F2} s");
            var log = string.Join("\n", logger.Lines);
            Assert.True(video.Count is >= 55 and <= 70, $"{video.Count} pictures for 2 s at 30 fps; log:\n{log}");
            // 1024-sample AAC frames at 48 kHz: 46.9 per second.
            Assert.True(audio.Count is >= 85 and <= 110, $"{audio.Count} AAC frames for 2 s; log:\n{log}");

            var videoTrack = video[0].Track;
            Assert.Equal((1280, 720), (videoTrack.Width, videoTrack.Height));
            Assert.True(AvcDecoderConfigurationRecord.TryParse(videoTrack.Extradata, out _));
            var audioTrack = audio[0].Track;
            Assert.Equal((48_000, 2), (audioTrack.SampleRate, audioTrack.Channels));
            Assert.True(AudioSpecificConfig.TryParse(audioTrack.Extradata.Span, out var asc));
            Assert.Equal((2, 48_000, 2), (asc.ObjectType, asc.SampleRate, asc.Channels));

            Assert.Equal(video.Count, Decode("h264", video, expectWidth: 1280));
            Assert.Equal(audio.Count, Decode("aac", audio, expectWidth: 0), tolerance: 1);
        }
        finally
        {
            frames.ForEach(f => f.Release());
        }
    }

    [Fact]
    public async Task Disabled_demo_publishes_nothing()
    {
        using var hub = Hub();
        var logger = new ListLogger<DemoStreamService>();
        using var service = new DemoStreamService(hub, Options.Create(new DemoOptions { Enabled = false }), logger);
        await service.StartAsync(CancellationToken.None);
        await Task.Delay(200);
        await service.StopAsync(CancellationToken.None);
        Assert.Null(hub.Find(DemoKey));
        Assert.Contains(logger.Lines, l => l.Contains("disabled"));
    }

    [Fact]
    public async Task Demo_says_why_when_its_key_is_taken()
    {
        using var hub = Hub();
        Assert.True(hub.TryPublish(DemoKey, Session(), out var other, out _));
        var logger = new ListLogger<DemoStreamService>();
        using var service = new DemoStreamService(hub, Options.Create(new DemoOptions { Width = 320, Height = 240 }), logger);
        await service.StartAsync(CancellationToken.None);
        await service.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(10));
        await service.StopAsync(CancellationToken.None);
        Assert.Contains(logger.Lines, l => l.Contains("Demo stream demo/testsrc not started") && l.Contains("already being published"));
        other.Dispose();
    }

    /// <summary>Reads frames until the video covers <paramref name="seconds"/> of media time.</summary>
    private static List<MediaFrame> ReadVideoSeconds(Subscriber player, double seconds, TimeSpan timeout)
    {
        var frames = new List<MediaFrame>();
        var deadline = Stopwatch.StartNew();
        long? firstVideo = null;
        while (deadline.Elapsed < timeout)
        {
            if (!player.TryRead(out var frame))
            {
                Thread.Sleep(5);
                continue;
            }
            frames.Add(frame);
            if (frame.Kind != MediaKind.Video)
                continue;
            firstVideo ??= frame.Pts;
            if (frame.Pts - firstVideo >= Timebase.FromSeconds(seconds))
                return frames;
        }
        frames.ForEach(f => f.Release());
        throw new TimeoutException($"the demo stream gave {frames.Count} frames in {timeout.TotalSeconds} s, less than {seconds} s of video");
    }

    private static void AssertIncreasing(List<MediaFrame> frames)
    {
        for (var i = 1; i < frames.Count; i++)
        {
            Assert.True(frames[i].Dts > frames[i - 1].Dts, $"DTS went from {frames[i - 1].Dts} to {frames[i].Dts}");
            Assert.True(frames[i].Pts > frames[i - 1].Pts);
        }
    }

    /// <summary>Feeds the frames to the FFmpeg decoder of the binding; returns the pictures or sound frames it gave, failing on any decode error.</summary>
    private static int Decode(string decoderName, List<MediaFrame> frames, int expectWidth)
    {
        using var decoder = Decoder.Open(decoderName, frames[0].Track.Extradata.Span);
        using var output = new AvFrame();
        var decoded = 0;
        foreach (var frame in frames)
        {
            var sent = decoder.Send(frame.Payload.Span, frame.Pts, frame.Dts, frame.IsKeyframe);
            Assert.False(sent.IsError, $"{decoderName} refused {frame}: {sent.Describe()}");
            decoded += Receive();
        }
        decoder.SendEndOfStream();
        decoded += Receive();
        return decoded;

        int Receive()
        {
            var count = 0;
            while (true)
            {
                var result = decoder.Receive(output);
                if (!result.IsSuccess)
                {
                    Assert.False(result.IsError, $"{decoderName} failed: {result.Describe()}");
                    return count;
                }
                if (expectWidth > 0)
                    Assert.Equal(expectWidth, output.Width);
                count++;
            }
        }
    }
}
