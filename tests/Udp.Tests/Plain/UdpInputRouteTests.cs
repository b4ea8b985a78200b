using System.Net;
using System.Net.Sockets;
using InteropGateway.Adapters.Udp.Plain;
using InteropGateway.Codecs.Media;
using InteropGateway.Core.Relay;
using InteropGateway.Tests.Udp.Ts;
using Xunit.Abstractions;

namespace InteropGateway.Tests.Udp.Plain;

/// <summary>
/// A UDP input route on a real loopback socket: ffmpeg's TS sent as datagrams publishes the stream,
/// a bad datagram is counted and logged without harm, a silence ends the publication and the next
/// datagram publishes again.
/// </summary>
public sealed class UdpInputRouteTests(ITestOutputHelper output)
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Datagrams_publish_bad_ones_are_counted_silence_ends_and_the_next_datagram_republishes()
    {
        var clip = await File.ReadAllBytesAsync((await TsClips.H264AacAsync()).Path);
        var hub = TestHub.Create();
        var key = new StreamKey("live", "udp-input");
        var logger = new ListLogger();
        var port = FreeUdpPort();
        Assert.True(UdpUrl.TryParse($"udp://127.0.0.1:{port}", out var url, out var error), error);
        var route = new UdpInputRoute(key, url, hub, new TsOverUdpOptions { InputIdleTimeout = TimeSpan.FromMilliseconds(300) }, logger);
        using var stop = new CancellationTokenSource();
        var running = route.RunAsync(stop.Token);
        using var player = hub.Subscribe(key, TestHub.Session());
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sender.Connect(IPAddress.Loopback, port);
        await WaitForLogAsync(logger, "waiting for MPEG-TS datagrams");

        sender.Send([0x80, 0x21, 0, 1, .. new byte[184]]); // RTP-wrapped: not published, counted
        await SendClipAsync(sender, clip, badAfter: 10);
        var first = await WaitForLogAsync(logger, "ended: idle");
        output.WriteLine(string.Join('\n', logger.Lines));
        Assert.Contains("(1 datagrams dropped while not publishing)", Lines(logger, "publishing as")[0]);
        Assert.Contains("not a whole number of 188-byte TS packets", Lines(logger, "dropped a datagram of 100 bytes")[0]);
        Assert.Contains("(1 bad), 100 video frames", first);
        Assert.Contains(" 0 skipped, 0 continuity errors", first);
        var video = 0;
        while (player.TryRead(out var frame))
        {
            video += frame.Kind == MediaKind.Video ? 1 : 0;
            frame.Release();
        }
        Assert.Equal(100, video);

        await SendClipAsync(sender, clip, badAfter: -1);
        Assert.True(hub.Find(key)?.IsLive, "the next datagrams publish again");
        await WaitUntilAsync(() => Lines(logger, "ended: idle").Count == 2);
        Assert.Equal(2, Lines(logger, "publishing as").Count);

        await stop.CancelAsync();
        await running.WaitAsync(WaitLimit);
    }

    /// <summary>Sends the clip as 1316-byte datagrams in quick bursts, with a 100-byte bad one after <paramref name="badAfter"/> datagrams.</summary>
    private static async Task SendClipAsync(Socket sender, byte[] clip, int badAfter)
    {
        var count = 0;
        for (var offset = 0; offset < clip.Length; offset += 1316)
        {
            sender.Send(clip.AsSpan(offset, Math.Min(1316, clip.Length - offset)));
            if (++count == badAfter)
                sender.Send(new byte[100]);
            if (count % 32 == 0)
                await Task.Delay(1); // bursts well within the socket buffer
        }
    }

    private static List<string> Lines(ListLogger logger, string fragment)
    {
        lock (logger.Lines)
            return logger.Lines.Where(l => l.Contains(fragment)).ToList();
    }

    private static async Task<string> WaitForLogAsync(ListLogger logger, string fragment)
    {
        await WaitUntilAsync(() => Lines(logger, fragment).Count > 0);
        return Lines(logger, fragment)[0];
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + WaitLimit;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
            await Task.Delay(20);
        }
    }

    private static int FreeUdpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
