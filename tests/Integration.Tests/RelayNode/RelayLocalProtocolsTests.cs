using System.Net.WebSockets;
using InteropGateway.Tests.Integration.Infrastructure;

namespace InteropGateway.Tests.Integration.RelayNode;

/// <summary>
/// Local clients use protocols other than RTMP against relay nodes: an SRT encoder publishes to R1
/// and the stream reaches the upstream; a stream published upstream is watched on R2 by a JSMpeg-style
/// WebSocket viewer (MPEG-1 made on R2) and by an SRT player, whose request alone starts the pull.
/// </summary>
[Collection("relay-chain")]
public sealed class RelayLocalProtocolsTests(RelayChainFixture chain, ITestOutputHelper output)
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(40);

    private static string SrtUrl(GatewayFixture gateway, string streamId) => $"\"srt://127.0.0.1:{gateway.SrtPort}?streamid={streamId}\"";

    [Fact]
    public async Task An_srt_publisher_on_one_relay_reaches_the_upstream_and_h5_and_srt_viewers_watch_an_upstream_stream_on_another()
    {
        var clip = await SourceMedia.ClipAsync(20);
        using var stop = new CancellationTokenSource();

        // SRT encoder -> R1 -> proxy -> upstream, where an RTMP player decodes it.
        var srtPublisher = Ffmpeg.RunAsync($"-v error -re -i {clip} -c copy -f mpegts {SrtUrl(chain.R1, "#!::r=live/srt-up,m=publish")}", ToolTimeout, stop.Token);
        var pushed = await chain.Upstream.WaitForLiveAsync("live/srt-up");
        Assert.Equal("relay-push", pushed.Publisher!.Transport);
        var upstreamPlayer = await Ffmpeg.RunAsync($"-v error -i {chain.Upstream.RtmpUrl("live/srt-up")} -t 3 -map 0:v -map 0:a -f null -", ToolTimeout);
        Assert.True(upstreamPlayer.ExitCode == 0 && upstreamPlayer.Stderr.Trim().Length == 0, $"upstream RTMP player: {upstreamPlayer}");

        // RTMP publisher on the upstream -> proxy -> R2, watched there by SRT (its player alone starts
        // the pull: the handshake accepts a key the relay node would pull) and by H5 (WebSocket).
        var upstreamPublisher = SourceMedia.PublishAsync(clip, chain.Upstream.RtmpUrl("live/multi-down"), stop.Token);
        await chain.Upstream.WaitForLiveAsync("live/multi-down");
        var srtPlayer = await Ffmpeg.RunAsync($"-v error -i {SrtUrl(chain.R2, "#!::r=live/multi-down,m=request")} -t 3 -map 0:v -map 0:a -f null -", ToolTimeout);
        Assert.True(srtPlayer.ExitCode == 0 && srtPlayer.Stderr.Trim().Length == 0, $"R2 SRT player: {srtPlayer}");
        Assert.Contains(chain.R2.Logs.Lines, l => l.Contains("Relay pull") && l.Contains("of live/multi-down connected to"));
        using var h5 = new ClientWebSocket();
        await h5.ConnectAsync(new Uri($"ws://127.0.0.1:{chain.R2.HttpPort}/h5/live/multi-down"), CancellationToken.None);
        var tsBytes = await ReadTsAsync(h5, minimumBytes: 200_000, TimeSpan.FromSeconds(20));
        output.WriteLine($"H5 viewer on R2: {tsBytes} bytes of MPEG-TS");

        stop.Cancel();
        await Task.WhenAll(srtPublisher, upstreamPublisher);
    }

    /// <summary>Reads binary messages until <paramref name="minimumBytes"/> of MPEG-TS (0x47-synced 188-byte packets) arrived.</summary>
    private static async Task<long> ReadTsAsync(ClientWebSocket socket, long minimumBytes, TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        var buffer = new byte[256 * 1024];
        long total = 0;
        while (total < minimumBytes)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            Assert.NotEqual(WebSocketMessageType.Close, result.MessageType);
            if (result.MessageType != WebSocketMessageType.Binary)
                continue;
            Assert.True(result.Count % 188 == 0 && buffer[0] == 0x47, $"a {result.Count}-byte message is not MPEG-TS");
            total += result.Count;
        }
        return total;
    }
}
