using System.Diagnostics;
using InteropGateway.Adapters.RelayNode.Role;
using InteropGateway.Core.Relay;
using InteropGateway.Tests.Integration.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace InteropGateway.Tests.Integration.RelayNode;

/// <summary>
/// The enterprise relay link end to end with real peers: ffmpeg publishes RTMP to a relay node,
/// which pushes through an authenticating HTTP CONNECT proxy to the upstream's TLS port, where
/// ffmpeg plays it; and a stream published upstream plays from the relay node. Both directions
/// share one HTTP/2 connection, so the proxy sees one tunnel.
/// </summary>
[Collection("relay-chain")]
public sealed class RelayChainTests(RelayChainFixture chain, ITestOutputHelper output)
{
    private static readonly TimeSpan PlayerTimeout = TimeSpan.FromSeconds(40);

    private static string CopyAndDecode(string url, int seconds) =>
        $"-v error -i {url} -t {seconds} -map 0:v -map 0:a -c copy -f framemd5 - -t {seconds} -map 0:v -map 0:a -f null -";

    [Fact]
    public async Task Pushed_and_pulled_streams_play_byte_identical_through_one_proxy_tunnel()
    {
        var clip = await SourceMedia.ClipAsync(12);
        var source = FrameMd5Line.Parse((await Ffmpeg.RunAsync($"-v error -i {clip} -map 0:v -map 0:a -c copy -f framemd5 -", PlayerTimeout)).Stdout);
        var tunnelsBefore = chain.Proxy1.TunnelsOpened;
        using var stop = new CancellationTokenSource();

        // Up: publisher -> R1 -> proxy -> U.
        var upPublisher = SourceMedia.PublishAsync(clip, chain.R1.RtmpUrl("live/up"), stop.Token);
        var upstreamStream = await chain.Upstream.WaitForLiveAsync("live/up");
        Assert.Equal(("rtmp", "relay-push"), (upstreamStream.Publisher!.Protocol, upstreamStream.Publisher.Transport));

        // Down: publisher -> U -> proxy -> R1 -> player, while the push goes on.
        var downPublisher = SourceMedia.PublishAsync(clip, chain.Upstream.RtmpUrl("live/down"), stop.Token);
        await chain.Upstream.WaitForLiveAsync("live/down");

        var players = new[]
        {
            Ffmpeg.RunAsync(CopyAndDecode(chain.Upstream.RtmpUrl("live/up"), 4), PlayerTimeout),
            Ffmpeg.RunAsync(CopyAndDecode(chain.Upstream.FlvUrl("live/up"), 4), PlayerTimeout),
            Ffmpeg.RunAsync(CopyAndDecode(chain.R1.RtmpUrl("live/down"), 4), PlayerTimeout),
        };
        var pulled = await chain.R1.WaitForLiveAsync("live/down");
        Assert.Equal(("rtmp", "relay-pull"), (pulled.Publisher!.Protocol, pulled.Publisher.Transport));
        Assert.True(chain.R1.Hub.Find(new StreamKey("live", "up"))!.IsLive);

        // Two streams in flight, both ways, over one connection: one tunnel through the proxy.
        output.WriteLine($"proxy: {chain.Proxy1.TunnelsOpened - tunnelsBefore} tunnels opened by this test, {chain.Proxy1.OpenTunnels} open, {chain.Proxy1.AuthRefusals} 407s");
        Assert.Equal(1, chain.Proxy1.OpenTunnels);
        Assert.True(chain.Proxy1.TunnelsOpened - tunnelsBefore <= 1, $"{chain.Proxy1.TunnelsOpened - tunnelsBefore} tunnels for two streams");
        var links = chain.R1.App.Services.GetRequiredService<RelayNodeLinks>().Links;
        Assert.Contains(new RelayLinkStatus("push", "live/up", Connected: true, Retries: 0, LastError: null), links);
        Assert.Contains(new RelayLinkStatus("pull", "live/down", Connected: true, Retries: 0, LastError: null), links);
        // What an operator sees: the relay role (no proxy credentials) and each stream's link.
        using (var http = new HttpClient())
        {
            var report = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(chain.R1.HttpUrl("/api/streams"))).RootElement;
            var relayNode = report.GetProperty("relayNode");
            var linked = relayNode.GetProperty("links").EnumerateArray()
                .Select(l => $"{l.GetProperty("direction").GetString()} {l.GetProperty("stream").GetString()}").ToArray();
            Assert.Contains("push live/up", linked);
            Assert.Contains("pull live/down", linked);
            Assert.DoesNotContain("@", relayNode.GetProperty("proxy").GetString());
            var up = report.GetProperty("streams").EnumerateArray().Single(s => s.GetProperty("key").GetString() == "live/up");
            Assert.Equal("push", up.GetProperty("relay")[0].GetProperty("direction").GetString());
        }
        Assert.Contains(chain.R1.Logs.Lines, l => l.Contains("Relay push of live/up connected to") && l.Contains("over HTTP/2"));
        Assert.Contains(chain.R1.Logs.Lines, l => l.Contains("Relay pull") && l.Contains("of live/down connected to") && l.Contains("over HTTP/2"));

        foreach (var run in await Task.WhenAll(players))
        {
            output.WriteLine(run.ToString()[..Math.Min(run.ToString().Length, 600)]);
            Assert.True(run.ExitCode == 0 && !run.TimedOut, run.ToString());
            Assert.True(run.Stderr.Trim().Length == 0, $"a player printed errors: {run.Stderr}");
            CdnForwardTests.AssertContiguousRun(source, FrameMd5Line.Parse(run.Stdout), minPackets: 80);
        }
        var probe = await Ffmpeg.ProbeAsync($"-v error -show_entries stream=codec_name -of csv=p=0 {chain.Upstream.RtmpUrl("live/up")}", PlayerTimeout);
        Assert.Equal(["aac", "h264"], probe.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order().ToArray());
        Assert.Equal(1, chain.Proxy1.OpenTunnels);
        stop.Cancel();
        await Task.WhenAll(upPublisher, downPublisher);
    }

    [Fact]
    public async Task Stream_published_upstream_plays_from_the_other_relay_by_http_flv()
    {
        var clip = await SourceMedia.ClipAsync(12);
        using var stop = new CancellationTokenSource();
        var publisher = SourceMedia.PublishAsync(clip, chain.Upstream.RtmpUrl("live/down2"), stop.Token);
        await chain.Upstream.WaitForLiveAsync("live/down2");
        var clock = Stopwatch.StartNew();
        var played = await Ffmpeg.RunAsync($"-v error -i {chain.R2.FlvUrl("live/down2")} -t 3 -f null -", PlayerTimeout);
        output.WriteLine($"{clock.ElapsedMilliseconds} ms: {played}");
        Assert.True(played.ExitCode == 0 && played.Stderr.Trim().Length == 0, played.ToString());
        Assert.NotNull(await chain.R2.Logs.WaitForAsync(TimeSpan.FromSeconds(1), "Relay pull of live/down2 from", "started"));

        // Nobody plays any more: the pull stops after the idle timeout (3 s) and the upstream sees its player leave.
        Assert.NotNull(await chain.R2.Logs.WaitForAsync(TimeSpan.FromSeconds(8), "Relay pull of live/down2 from", "stopped: idle"));
        Assert.NotNull(await chain.Upstream.Logs.WaitForAsync(TimeSpan.FromSeconds(3), "Relay play", "of live/down2 ended"));
        stop.Cancel();
        await publisher;
    }
}
