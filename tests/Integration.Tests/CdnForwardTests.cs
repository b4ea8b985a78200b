using System.Diagnostics;
using InteropGateway.Adapters.Rtmp.Cdn;
using InteropGateway.Core.Relay;
using InteropGateway.Tests.Integration.Infrastructure;

namespace InteropGateway.Tests.Integration;

/// <summary>
/// Forward rules push what is published on the gateway to a CDN ingest (nginx-rtmp), as soon as it
/// is published, and keep pushing across a CDN restart.
/// </summary>
[Collection("cdn")]
public sealed class CdnForwardTests(CdnFixture gateway, ITestOutputHelper output)
{
    private static readonly TimeSpan PlayerTimeout = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task Published_stream_reaches_the_cdn_and_plays_there_byte_identical()
    {
        var clip = await SourceMedia.ClipAsync(6);
        var expected = FrameMd5Line.Parse((await Ffmpeg.RunAsync($"-v error -i {clip} -map 0:v -map 0:a -c copy -f framemd5 -", PlayerTimeout)).Stdout);

        // The CDN's player waits first (nginx keeps it waiting for a publisher), so it must get the
        // stream from its first packet. nginx keeps players after an unpublish too, so it stops at 5 s.
        var player = Ffmpeg.RunAsync($"-v error -i {gateway.Nginx.RtmpUrl("live/ident")} -t 5 -map 0:v -map 0:a -c copy -f framemd5 - -t 5 -map 0:v -map 0:a -f null -",
            PlayerTimeout);
        await gateway.Nginx.WaitForPlayersAsync("ident", 1);
        var clock = Stopwatch.StartNew();
        var publisher = SourceMedia.PublishAsync(clip, gateway.RtmpUrl("fwd/ident"));
        await gateway.Nginx.WaitForPublisherAsync("ident");
        output.WriteLine($"forward reached nginx {clock.ElapsedMilliseconds} ms after the publisher started");
        var forward = Assert.Single(gateway.Cdn.For(new StreamKey("fwd", "ident")));
        Assert.Equal(CdnLinkState.Publishing, forward.State);
        Assert.DoesNotContain("?", forward.Url);

        var played = await player;
        output.WriteLine(played.ToString());
        Assert.True(played.ExitCode == 0 && !played.TimedOut, played.ToString());
        Assert.True(played.Stderr.Trim().Length == 0, $"the CDN's player printed errors: {played.Stderr}");
        var received = FrameMd5Line.Parse(played.Stdout);
        AssertSamePrefix(expected, received, minVideoPackets: 120); // 5 s at 25 fps, less the B-frame delay
        Assert.Equal(0, (await publisher).ExitCode);
        Assert.NotNull(await gateway.Logs.WaitForAsync(TimeSpan.FromSeconds(5), "CDN forward of fwd/ident", "ended"));
    }

    [Fact]
    public async Task Forward_resumes_within_5_seconds_after_the_cdn_restarts()
    {
        var clip = await SourceMedia.ClipAsync(10);
        var key = new StreamKey("fwd", "restart");
        using var stop = new CancellationTokenSource();
        var publisher = SourceMedia.PublishAsync(clip, gateway.RtmpUrl("fwd/restart"), stop.Token);
        await gateway.Nginx.WaitForPublisherAsync("restart");
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        var clock = Stopwatch.StartNew();
        await gateway.Nginx.RestartAsync();
        var restarted = clock.Elapsed;
        await gateway.Nginx.WaitForPublisherAsync("restart", TimeSpan.FromSeconds(10));
        var resumed = clock.Elapsed;
        output.WriteLine($"nginx back after {restarted.TotalMilliseconds:F0} ms, forward resumed after {resumed.TotalMilliseconds:F0} ms");
        Assert.True(resumed < TimeSpan.FromSeconds(5), $"forward resumed after {resumed.TotalSeconds:F1} s");

        var forward = Assert.Single(gateway.Cdn.For(key));
        Assert.True(forward.Retries >= 1, "no retry was counted");
        Assert.NotNull(forward.LastError);
        Assert.NotNull(await gateway.Logs.WaitForAsync(TimeSpan.FromSeconds(1), "CDN forward of fwd/restart", "failed:", "retry 1 in 0.5 s"));

        // What the CDN has now plays: it starts on a keyframe and decodes cleanly.
        var decode = await Ffmpeg.RunAsync($"-v error -i {gateway.Nginx.RtmpUrl("live/restart")} -t 2 -f null -", PlayerTimeout);
        output.WriteLine(decode.ToString());
        Assert.True(decode.ExitCode == 0 && decode.Stderr.Trim().Length == 0, decode.ToString());
        stop.Cancel();
        await publisher;
    }

    [Fact]
    public async Task Rtmps_forward_works_and_an_untrusted_certificate_is_refused_when_checked()
    {
        var clip = await SourceMedia.ClipAsync(6);
        using var stop = new CancellationTokenSource();
        var trusting = SourceMedia.PublishAsync(clip, gateway.RtmpUrl("fwds/tls"), stop.Token);
        var checking = SourceMedia.PublishAsync(clip, gateway.RtmpUrl("fwdv/tlsv"), stop.Token);
        await gateway.Nginx.WaitForPublisherAsync("tls");
        var probe = await Ffmpeg.ProbeAsync($"-v error -show_entries stream=codec_name -of csv=p=0 {gateway.Nginx.RtmpUrl("live/tls")}", PlayerTimeout);
        output.WriteLine(probe.ToString());
        Assert.Equal(["aac", "h264"], probe.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order().ToArray());
        var secure = Assert.Single(gateway.Cdn.For(new StreamKey("fwds", "tls")));
        Assert.StartsWith("rtmps://", secure.Url);
        Assert.EndsWith("?key=***", secure.Url); // the stream key in the URL is not shown

        // The failure is logged after the link has counted it, so the link's figures below are settled.
        Assert.NotNull(await gateway.Logs.WaitForAsync(TimeSpan.FromSeconds(1), "CDN forward of fwdv/tlsv", "failed:", "certificate"));
        var refused = Assert.Single(gateway.Cdn.For(new StreamKey("fwdv", "tlsv")));
        output.WriteLine($"checked: {refused.State}, {refused.Retries} retries, {refused.LastError}");
        // It keeps failing and retrying: it waits (Retrying) or is in its next attempt (Connecting), never publishing.
        Assert.Contains(refused.State, new[] { CdnLinkState.Retrying, CdnLinkState.Connecting });
        Assert.True(refused.Retries >= 1, "no retry was counted");
        Assert.Contains("certificate", refused.LastError, StringComparison.OrdinalIgnoreCase);
        stop.Cancel();
        await Task.WhenAll(trusting, checking);
    }

    /// <summary>The received packets are the source's first ones, each byte-identical, none missing.</summary>
    internal static void AssertSamePrefix(List<FrameMd5Line> expected, List<FrameMd5Line> received, int minVideoPackets)
    {
        foreach (var stream in new[] { 0, 1 })
        {
            var want = expected.Where(l => l.Stream == stream).Select(l => (l.Size, l.Hash)).ToList();
            var got = received.Where(l => l.Stream == stream).Select(l => (l.Size, l.Hash)).ToList();
            Assert.True(got.Count >= (stream == 0 ? minVideoPackets : minVideoPackets * 3 / 2), $"stream {stream}: only {got.Count} packets received");
            Assert.True(got.Count <= want.Count, $"stream {stream}: {got.Count} packets received, {want.Count} sent");
            for (var i = 0; i < got.Count; i++)
                Assert.True(want[i] == got[i], $"stream {stream} packet {i} differs: sent {want[i]}, got {got[i]}");
        }
    }

    /// <summary>The received packets are a contiguous run of the source's (a player that joined mid-stream).</summary>
    internal static void AssertContiguousRun(List<FrameMd5Line> source, List<FrameMd5Line> received, int minPackets)
    {
        foreach (var stream in new[] { 0, 1 })
        {
            var want = source.Where(l => l.Stream == stream).Select(l => (l.Size, l.Hash)).ToList();
            var got = received.Where(l => l.Stream == stream).Select(l => (l.Size, l.Hash)).ToList();
            Assert.True(got.Count >= minPackets, $"stream {stream}: only {got.Count} packets received");
            var start = want.IndexOf(got[0]);
            Assert.True(start >= 0, $"stream {stream}: the first packet received is not in the source");
            for (var i = 0; i < got.Count; i++)
                Assert.True(start + i < want.Count && want[start + i] == got[i], $"stream {stream}: packet {i} breaks the run from source packet {start}");
        }
    }
}

[CollectionDefinition("cdn")]
public sealed class CdnCollection : ICollectionFixture<CdnFixture>;
