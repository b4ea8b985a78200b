using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using InteropGateway.Tests.Integration.Infrastructure;

namespace InteropGateway.Tests.Integration;

/// <summary>The real gateway with a small subscriber queue (64 frames) and a 2 s lag limit.</summary>
public sealed class SlowViewerGatewayFixture : GatewayFixture
{
    public static readonly TimeSpan MaxLag = TimeSpan.FromSeconds(2);

    protected override IEnumerable<string> ExtraSettings() =>
        ["--Gateway:Relay:SubscriberQueueFrames=64", $"--Gateway:Relay:SubscriberMaxLag={MaxLag:c}"];
}

/// <summary>
/// A player that stops reading must never delay the publisher or another player: it drops to the
/// next keyframe, is closed as "too slow" once it has been behind longer than SubscriberMaxLag, and
/// the gateway hangs up on it.
/// </summary>
public sealed class SlowViewerTests(SlowViewerGatewayFixture gateway, ITestOutputHelper output) : IClassFixture<SlowViewerGatewayFixture>
{
    private const int ClipSeconds = 10;
    private static readonly TimeSpan MaxLag = SlowViewerGatewayFixture.MaxLag;
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task SlowViewer_is_cut_off_after_max_lag_while_the_publisher_and_a_healthy_player_are_unaffected()
    {
        var clip = await SourceMedia.HeavyClipAsync(ClipSeconds);
        const string key = "live/slow";
        var total = Stopwatch.StartNew();

        // Healthy player first, then the stalled one, then the publisher: both get the stream from its start.
        var healthy = Ffmpeg.RunAsync($"-v error -i {gateway.RtmpUrl(key)} -map 0:v -map 0:a -f null -", ToolTimeout);
        await gateway.WaitForPlayersAsync(key, 1);
        // A player that asks to play and then never reads, advertising a tiny TCP window.
        await using var stalled = await RawRtmpClient.ConnectAsync(gateway.RtmpPort, receiveBufferSize: 4096);
        await stalled.PlayAsync(gateway.RtmpPort, "live", "slow");
        var stalledAddress = $"127.0.0.1:{stalled.LocalEndPoint.Port}";
        await gateway.WaitForPlayersAsync(key, 2);
        var stream = gateway.Hub.Find(new("live", "slow"))!;
        var stalledSubscriber = stream.Subscribers.Single(s => s.Info.Remote?.ToString() == stalledAddress);
        var healthySubscriber = stream.Subscribers.Single(s => s.Info.Remote?.ToString() != stalledAddress);

        var publishClock = Stopwatch.StartNew();
        var publisher = SourceMedia.PublishAsync(clip, gateway.RtmpUrl(key));

        // 1. The queue overflows: the stalled player starts dropping to the next keyframe.
        var warning = await gateway.Logs.WaitForAsync(TimeSpan.FromSeconds(8), stalledAddress, "is too slow", "discarding frames until the next keyframe");
        var warnedAt = publishClock.Elapsed;
        Assert.True(warning is not null, "no too-slow warning for the stalled player:\n" + string.Join('\n', gateway.Logs.Lines));

        // 2. ...and, MaxLag later, is closed as too slow (waited for at most 6 s, whatever MaxLag says).
        var left = await gateway.Logs.WaitForAsync(TimeSpan.FromSeconds(6), "Player ", stalledAddress, "left live/slow", "too slow");
        var leftAt = publishClock.Elapsed;
        output.WriteLine($"warning at {warnedAt.TotalSeconds:F2} s: {warning}\nleft at {leftAt.TotalSeconds:F2} s: {left}");
        Assert.True(left is not null, "the stalled player was not closed as too slow:\n" + string.Join('\n', gateway.Logs.Lines));
        Assert.True(stalledSubscriber.IsClosed);
        Assert.StartsWith("too slow", stalledSubscriber.CloseReason);
        Assert.True(stalledSubscriber.FramesDropped > 0, $"dropped {stalledSubscriber.FramesDropped}");
        var droppedInLog = long.Parse(Regex.Match(left!, @"dropped (\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(droppedInLog > 0, left);
        var lag = leftAt - warnedAt;
        Assert.True(lag >= MaxLag - TimeSpan.FromMilliseconds(200) && lag < MaxLag + TimeSpan.FromSeconds(2),
            $"closed {lag.TotalSeconds:F2} s after it started dropping; limit {MaxLag.TotalSeconds} s");

        // 3. The publisher was never slowed: -re with the clip's real-time length.
        var published = await publisher;
        var publishTime = publishClock.Elapsed;
        output.WriteLine($"publisher took {publishTime.TotalSeconds:F2} s for a {ClipSeconds} s clip: {published}");
        Assert.True(published.ExitCode == 0 && !published.TimedOut, published.ToString());
        Assert.True(publishTime < TimeSpan.FromSeconds(ClipSeconds + 2.5), $"publisher took {publishTime.TotalSeconds:F2} s");

        // 4. The healthy player decodes the whole stream cleanly and never dropped a frame.
        var played = await healthy;
        output.WriteLine($"healthy player: {played}\ntotal {total.Elapsed.TotalSeconds:F2} s");
        Assert.True(played.ExitCode == 0 && !played.TimedOut, $"healthy player: {played}");
        Assert.True(played.Stderr.Trim().Length == 0, $"healthy player printed errors: {played.Stderr}");
        Assert.Equal(0, healthySubscriber.FramesDropped);
        Assert.Equal(stream.FramesIn, healthySubscriber.FramesDelivered);
        var healthyLeft = await gateway.Logs.WaitForAsync(TimeSpan.FromSeconds(2), "left live/slow", healthySubscriber.Info.SessionId);
        output.WriteLine($"healthy left: {healthyLeft}");
        Assert.Contains("dropped 0", healthyLeft);

        // 5. Meanwhile the gateway hangs up on its own, without the peer reading: the server side of the TCP
        //    connection leaves ESTABLISHED (FIN queued behind the unread bytes, or gone altogether).
        var serverState = await WaitForServerSideToLeaveEstablishedAsync(stalled.LocalEndPoint.Port, TimeSpan.FromSeconds(2));
        output.WriteLine($"server side of the stalled connection: {serverState}");
        Assert.True(serverState != TcpEstablished, $"the gateway kept the stalled player's TCP connection open {(publishClock.Elapsed - leftAt).TotalSeconds:F1} s after closing its subscription");
        //    ...and the raw socket, reading at last, sees the end (0 or reset) after the bytes already sent.
        var (hungUp, drained) = await stalled.DrainUntilServerCloseAsync(TimeSpan.FromSeconds(10));
        output.WriteLine($"stalled socket drained {drained} bytes, then hang-up: {hungUp}");
        Assert.True(hungUp, "the stalled player's socket never saw the server hang up");
    }

    private const string TcpEstablished = "ESTABLISHED";

    /// <summary>Linux only: the state of the gateway's end of the connection to <paramref name="clientPort"/>, polled without touching the socket.</summary>
    private async Task<string> WaitForServerSideToLeaveEstablishedAsync(int clientPort, TimeSpan timeout)
    {
        if (!File.Exists("/proc/net/tcp"))
            return "unknown (no /proc/net/tcp)";
        var deadline = DateTime.UtcNow + timeout;
        string state;
        do
        {
            state = ServerSideTcpState(gateway.RtmpPort, clientPort);
            if (state != TcpEstablished)
                return state;
            await Task.Delay(50);
        } while (DateTime.UtcNow < deadline);
        return state;
    }

    private static string ServerSideTcpState(int serverPort, int clientPort)
    {
        string[] names = ["?", TcpEstablished, "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING"];
        foreach (var line in File.ReadLines("/proc/net/tcp").Skip(1))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var local = int.Parse(f[1].Split(':')[1], NumberStyles.HexNumber);
            var remote = int.Parse(f[2].Split(':')[1], NumberStyles.HexNumber);
            if (local == serverPort && remote == clientPort)
            {
                var state = int.Parse(f[3], NumberStyles.HexNumber);
                return state < names.Length ? names[state] : f[3];
            }
        }
        return "gone";
    }
}
