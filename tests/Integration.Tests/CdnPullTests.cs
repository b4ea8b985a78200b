using InteropGateway.Adapters.Rtmp.Cdn;
using InteropGateway.Codecs.Media;
using InteropGateway.Core.Relay;
using InteropGateway.Core.Sessions;
using InteropGateway.Matrix;
using InteropGateway.Tests.Integration.Infrastructure;

namespace InteropGateway.Tests.Integration;

/// <summary>
/// Edge role: a stream published on nginx (the upstream) is played from the gateway through a pull
/// rule, by RTMP and HTTP-FLV at once, over one shared upstream connection that stops when idle.
/// </summary>
[Collection("cdn")]
public sealed class CdnPullTests(CdnFixture gateway, ITestOutputHelper output)
{
    private static readonly TimeSpan PlayerTimeout = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task Stream_on_the_upstream_plays_from_the_gateway_by_rtmp_and_http_flv_through_one_pull()
    {
        var clip = await SourceMedia.ClipAsync(10);
        var source = FrameMd5Line.Parse((await Ffmpeg.RunAsync($"-v error -i {clip} -map 0:v -map 0:a -c copy -f framemd5 -", PlayerTimeout)).Stdout);
        using var stop = new CancellationTokenSource();
        var upstreamPublisher = SourceMedia.PublishAsync(clip, gateway.Nginx.RtmpUrl("live/pulled"), stop.Token);
        await gateway.Nginx.WaitForPublisherAsync("pulled");

        var key = new StreamKey("edge", "pulled");
        string Args(string url) => $"-v error -i {url} -t 3 -map 0:v -map 0:a -c copy -f framemd5 - -t 3 -map 0:v -map 0:a -f null -";
        var players = new[]
        {
            Ffmpeg.RunAsync(Args(gateway.RtmpUrl("edge/pulled")), PlayerTimeout),
            Ffmpeg.RunAsync(Args(gateway.FlvUrl("edge/pulled")), PlayerTimeout),
            Ffmpeg.RunAsync(Args(gateway.RtmpUrl("edge/pulled")), PlayerTimeout),
        };
        await gateway.WaitForPlayersAsync("edge/pulled", 3);
        var pull = Assert.Single(gateway.Cdn.Pulls, p => p.Stream == key);
        Assert.Equal(gateway.Nginx.RtmpUrl("live/pulled"), pull.Url);
        var publisher = (await gateway.WaitForLiveAsync("edge/pulled")).Publisher!;
        Assert.Equal(("cdn", "rtmp-pull"), (publisher.Protocol, publisher.Transport));

        foreach (var run in await Task.WhenAll(players))
        {
            output.WriteLine(run.ToString());
            Assert.True(run.ExitCode == 0 && !run.TimedOut, run.ToString());
            Assert.True(run.Stderr.Trim().Length == 0, $"a player printed errors: {run.Stderr}");
            CdnForwardTests.AssertContiguousRun(source, FrameMd5Line.Parse(run.Stdout), minPackets: 60);
        }
        // One upstream connection for the three players.
        Assert.Single(gateway.Logs.Lines, l => l.Contains("CDN pull of edge/pulled from") && l.Contains("started"));

        // Nobody plays any more: the pull stops after the idle timeout (2 s) and frees the upstream.
        Assert.NotNull(await gateway.Logs.WaitForAsync(TimeSpan.FromSeconds(6), "CDN pull of edge/pulled from", "stopped: idle"));
        Assert.DoesNotContain(gateway.Cdn.Pulls, p => p.Stream == key);
        stop.Cancel();
        await upstreamPublisher;
    }

    /// <summary>
    /// The WebRTC and H5 adapters do not exist yet; their sinks are stood in for by in-process
    /// subscribers with those protocols, so the pull is shown to feed the router's conversions
    /// (cdn -> h5: MPEG-1 + MP2; cdn -> webrtc: H264 as is + Opus).
    /// </summary>
    [Fact]
    public async Task Pulled_stream_reaches_h5_and_webrtc_viewers_through_the_router()
    {
        var clip = await SourceMedia.ClipAsync(10);
        using var stop = new CancellationTokenSource();
        var upstreamPublisher = SourceMedia.PublishAsync(clip, gateway.Nginx.RtmpUrl("live/pulledmix"), stop.Token);
        await gateway.Nginx.WaitForPublisherAsync("pulledmix");

        var key = new StreamKey("edge", "pulledmix");
        using var h5 = gateway.Hub.Subscribe(key, new SessionInfo(Protocols.H5, null, SessionInfo.NewId()));
        using var webrtc = gateway.Hub.Subscribe(key, new SessionInfo(Protocols.WebRtc, null, SessionInfo.NewId()));
        var codecs = await Task.WhenAll(
            CodecsReceivedAsync(h5, [CodecId.Mpeg1Video, CodecId.Mp2]), CodecsReceivedAsync(webrtc, [CodecId.H264, CodecId.Opus]));
        output.WriteLine($"h5: {string.Join(", ", codecs[0])}; webrtc: {string.Join(", ", codecs[1])}");
        Assert.Equal([CodecId.Mpeg1Video, CodecId.Mp2], codecs[0].Order());
        Assert.Equal([CodecId.H264, CodecId.Opus], codecs[1].Order());
        Assert.Equal("cdn", gateway.Hub.Find(key)!.Publisher!.Protocol);
        stop.Cancel();
        await upstreamPublisher;
    }

    /// <summary>
    /// Reads until each of <paramref name="expected"/> has arrived at least 10 times (at most 20 s:
    /// the branches' encoders start slowly on a busy machine) and returns every codec that arrived.
    /// </summary>
    private static async Task<CodecId[]> CodecsReceivedAsync(Subscriber viewer, CodecId[] expected)
    {
        var counts = new Dictionary<CodecId, int>();
        using var timer = new Timer(_ => viewer.Close("test over"), null, TimeSpan.FromSeconds(20), Timeout.InfiniteTimeSpan);
        while (!expected.All(c => counts.GetValueOrDefault(c) >= 10) && await viewer.ReadAsync() is { } frame)
        {
            counts[frame.Codec] = counts.GetValueOrDefault(frame.Codec) + 1;
            frame.Release();
        }
        return counts.Keys.ToArray();
    }

    [Fact]
    public async Task Pull_of_a_stream_the_upstream_lacks_ends_in_not_found_and_stops()
    {
        var played = await Ffmpeg.RunAsync($"-v error -i {gateway.FlvUrl("edge/absent")} -t 1 -f null -", PlayerTimeout);
        output.WriteLine(played.ToString());
        Assert.NotEqual(0, played.ExitCode);
        Assert.Contains("404", played.Stderr);
        Assert.NotNull(await gateway.Logs.WaitForAsync(TimeSpan.FromSeconds(6), "CDN pull of edge/absent from", "stopped: idle"));
    }
}
