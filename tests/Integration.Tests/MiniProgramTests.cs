using InteropGateway.Adapters.Rtmp.MiniProgram;
using InteropGateway.Tests.Integration.Infrastructure;

namespace InteropGateway.Tests.Integration;

/// <summary>
/// The mini-program listener: signed URLs decide who publishes and plays, players start at the
/// live edge. ffmpeg plays the live-pusher and live-player (same RTMP and HTTP-FLV they speak).
/// </summary>
public sealed class MiniProgramTests(MiniProgramFixture gateway, ITestOutputHelper output) : IClassFixture<MiniProgramFixture>
{
    private static readonly TimeSpan PlayerTimeout = TimeSpan.FromSeconds(40);

    private static string DecodeAndHashArgs(string url) =>
        $"-v error -i {url} -map 0:v -map 0:a -c copy -f framemd5 - -map 0:v -map 0:a -f null -";

    [Fact]
    public async Task Valid_signatures_publish_and_play_by_rtmp_and_http_flv()
    {
        var clip = await SourceMedia.ClipAsync(4);
        const string key = "live/signed";
        var expected = FrameMd5Line.Parse((await Ffmpeg.RunAsync($"-v error -i {clip} -map 0:v -map 0:a -c copy -f framemd5 -", PlayerTimeout)).Stdout);
        var players = new[]
        {
            Ffmpeg.RunAsync(DecodeAndHashArgs(gateway.SignedRtmpUrl(key, SignedUrl.Play)), PlayerTimeout),
            Ffmpeg.RunAsync(DecodeAndHashArgs(gateway.SignedFlvUrl(key)), PlayerTimeout),
        };
        await gateway.WaitForPlayersAsync(key, 2);
        var stream = gateway.Hub.Find(new("live", "signed"))!;
        Assert.All(stream.Subscribers, s => Assert.Equal("miniprogram", s.Info.Protocol));

        var publisher = SourceMedia.PublishAsync(clip, gateway.SignedRtmpUrl(key, SignedUrl.Publish));
        await gateway.WaitForLiveAsync(key);
        Assert.Equal(("miniprogram", "rtmp"), (stream.Publisher!.Protocol, stream.Publisher.Transport));
        Assert.Equal(0, (await publisher).ExitCode);

        foreach (var run in await Task.WhenAll(players))
        {
            output.WriteLine(run.ToString());
            Assert.True(run.ExitCode == 0 && !run.TimedOut, run.ToString());
            Assert.True(run.Stderr.Trim().Length == 0, $"player printed errors: {run.Stderr}");
            var received = FrameMd5Line.Parse(run.Stdout);
            foreach (var track in new[] { 0, 1 })
                Assert.Equal(expected.Where(l => l.Stream == track).Select(l => l.Hash), received.Where(l => l.Stream == track).Select(l => l.Hash));
        }
    }

    [Fact]
    public async Task Tampered_expired_unsigned_and_wrong_action_urls_are_refused_with_an_rtmp_status()
    {
        var clip = await SourceMedia.ClipAsync(4);
        const string key = "live/guarded";
        var valid = gateway.SignedRtmpUrl(key, SignedUrl.Publish);
        var signAt = valid.IndexOf("sign=", StringComparison.Ordinal) + 5;
        var tampered = valid[..signAt] + (valid[signAt] == '0' ? '1' : '0') + valid[(signAt + 1)..];
        var cases = new (string Name, string Url, string Reason)[]
        {
            ("tampered", tampered, "signature does not match"),
            ("other stream", valid.Replace("/guarded?", "/other?"), "signature does not match"),
            ("expired", gateway.SignedRtmpUrl(key, SignedUrl.Publish, DateTimeOffset.UtcNow.AddSeconds(-5)), "expired"),
            ("unsigned", $"rtmp://127.0.0.1:{gateway.MiniProgramPort}/{key}", "unsigned URL"),
            ("play URL used to publish", gateway.SignedRtmpUrl(key, SignedUrl.Play), "signature does not match"),
        };
        foreach (var (name, url, reason) in cases)
        {
            var run = await Ffmpeg.RunAsync(SourceMedia.PublishArgs(clip, url), PlayerTimeout);
            output.WriteLine($"{name}: {run}");
            Assert.True(run.ExitCode != 0, $"{name}: the publisher was accepted");
            Assert.Contains(reason, run.Stderr); // ffmpeg prints the onStatus description
            Assert.NotNull(await gateway.Logs.WaitForAsync(TimeSpan.FromSeconds(2), "Mini-program publish of", "refused", reason));
        }
        Assert.NotNull(await gateway.Logs.WaitForAsync(TimeSpan.FromSeconds(1), "onStatus NetStream.Publish.Rejected"));
        Assert.False(gateway.Hub.Find(new("live", "other"))?.IsLive ?? false);

        // Players too: a bad RTMP play gets NetStream.Play.Failed, a bad HTTP-FLV play 403.
        var badPlay = await Ffmpeg.RunAsync($"-v error -i {gateway.SignedRtmpUrl(key, SignedUrl.Play, DateTimeOffset.UtcNow.AddSeconds(-1))} -t 1 -f null -", PlayerTimeout);
        Assert.NotEqual(0, badPlay.ExitCode);
        Assert.Contains("expired", badPlay.Stderr);
        Assert.NotNull(await gateway.Logs.WaitForAsync(TimeSpan.FromSeconds(1), "onStatus NetStream.Play.Failed"));
        using var http = new HttpClient();
        using var forbidden = await http.GetAsync(gateway.SignedFlvUrl(key).Replace("sign=", "sign=0"));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Contains("sign must be 64 hex digits", await forbidden.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Player_joining_mid_gop_starts_at_the_live_edge_on_a_keyframe()
    {
        var clip = await SourceMedia.ClipAsync(10);
        const string key = "live/edge";
        using var stop = new CancellationTokenSource();
        var publisher = SourceMedia.PublishAsync(clip, gateway.SignedRtmpUrl(key, SignedUrl.Publish), stop.Token);
        var stream = await gateway.WaitForLiveAsync(key);
        // Join about 1.2 s into a GOP (GOP 2 s; 25 video + 43 audio frames a second): a long backlog.
        var deadline = DateTime.UtcNow.AddSeconds(6);
        while (stream.GopCacheFrames is < 80 or > 95 && DateTime.UtcNow < deadline)
            await Task.Delay(10);

        var probes = new[]
        {
            ("mini-program rtmp", gateway.SignedRtmpUrl(key, SignedUrl.Play)),
            ("mini-program http-flv", gateway.SignedFlvUrl(key)),
            ("native rtmp", gateway.RtmpUrl(key)),
        };
        // All at once, so all join at the same moment of the stream.
        var runs = await Task.WhenAll(probes.Select(p =>
            Ffmpeg.ProbeAsync($"-v error -select_streams v -read_intervals %+#3 -show_entries packet=pts_time,flags -of csv=p=0 {p.Item2}", PlayerTimeout)));
        var firsts = new List<double>();
        foreach (var ((name, _), probe) in probes.Zip(runs))
        {
            output.WriteLine($"{name}: {probe}");
            Assert.Equal(0, probe.ExitCode);
            var packets = probe.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(',')).ToArray();
            Assert.StartsWith("K", packets[0][1]);
            firsts.Add(double.Parse(packets[0][0]));
        }
        // The native player starts at the cached GOP's keyframe; mini-program players at the live edge (about 1 s later).
        Assert.InRange(firsts[2] % 2.0, 0.0, 0.2);
        Assert.True(firsts[0] > firsts[2] + 0.6, $"mini-program RTMP started at {firsts[0]} s, native at {firsts[2]} s");
        Assert.True(firsts[1] > firsts[2] + 0.6, $"mini-program HTTP-FLV started at {firsts[1]} s, native at {firsts[2]} s");
        Assert.NotNull(await gateway.Logs.WaitForAsync(TimeSpan.FromSeconds(1), "starts at the live edge"));

        var decode = await Ffmpeg.RunAsync($"-v error -i {gateway.SignedRtmpUrl(key, SignedUrl.Play)} -t 3 -f null -", PlayerTimeout);
        Assert.True(decode.ExitCode == 0 && decode.Stderr.Trim().Length == 0, decode.ToString());
        stop.Cancel();
        await publisher;
    }
}
