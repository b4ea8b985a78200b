using System.Net;
using System.Net.Sockets;
using InteropGateway.Adapters.Udp.Plain;
using InteropGateway.Adapters.Ts;
using InteropGateway.Core.Relay;
using InteropGateway.Tests.Udp.Ts;

namespace InteropGateway.Tests.Udp.Plain;

/// <summary>
/// A UDP output route on a real loopback socket: each publication of its stream goes out as
/// datagrams of whole TS packets, it stops with the stream and starts again with the next one.
/// </summary>
public sealed class UdpOutputRouteTests
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Every_publication_goes_out_as_ts_datagrams_and_the_route_restarts_on_the_next()
    {
        var clip = await File.ReadAllBytesAsync((await TsClips.H264AacAsync()).Path);
        var hub = TestHub.Create();
        var key = new StreamKey("live", "udp-output");
        var logger = new ListLogger();
        using var receiver = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        receiver.ReceiveBufferSize = 4 << 20;
        receiver.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Assert.True(UdpUrl.TryParse($"udp://127.0.0.1:{((IPEndPoint)receiver.LocalEndPoint!).Port}", out var url, out var error), error);
        var route = new UdpOutputRoute(key, url, hub, new TsOverUdpOptions(), logger);
        using var stop = new CancellationTokenSource();
        route.Announce(stop.Token);
        hub.Published += stream => { if (stream.Key == key) route.StartIfLive(); };

        for (var publication = 1; publication <= 2; publication++)
        {
            await PublishClipAsync(hub, key, clip);
            var (datagrams, packets) = await ReceiveUntilQuietAsync(receiver);
            Assert.True(datagrams > 0, $"publication {publication}: nothing received");
            Assert.True(packets >= clip.Length / 188 * 9 / 10, $"publication {publication}: {packets} TS packets for a {clip.Length / 188}-packet source");
            await WaitUntilAsync(() => Count(logger, "stopped: stream ended") == publication);
        }
        Assert.Equal(2, Count(logger, "sending as"));
        await stop.CancelAsync();
        await route.Current.WaitAsync(WaitLimit);
    }

    /// <summary>Publishes the clip at once, as soon as the route's player has joined (it joins on the hub's Published event).</summary>
    private static async Task PublishClipAsync(StreamHub hub, StreamKey key, byte[] clip)
    {
        var publication = TestHub.Publish(hub, key);
        await WaitUntilAsync(() => publication.Stream.Subscribers.Count == 1);
        using (var publisher = new TsPublisher(publication, new ListLogger()))
            publisher.Push(clip);
        publication.End("clip done");
    }

    /// <summary>Reads datagrams until none comes for half a second; every one must be whole TS packets, at most 7.</summary>
    private static async Task<(int Datagrams, int Packets)> ReceiveUntilQuietAsync(Socket receiver)
    {
        var buffer = new byte[65536];
        int datagrams = 0, packets = 0;
        var deadline = DateTime.UtcNow + WaitLimit;
        while (DateTime.UtcNow < deadline)
        {
            using var quiet = new CancellationTokenSource(TimeSpan.FromMilliseconds(datagrams == 0 ? 5000 : 500));
            int length;
            try
            {
                length = await receiver.ReceiveAsync(buffer, SocketFlags.None, quiet.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            Assert.True(length % 188 == 0 && length is > 0 and <= 1316 && buffer[0] == 0x47, $"a datagram of {length} bytes starting 0x{buffer[0]:X2}");
            datagrams++;
            packets += length / 188;
        }
        return (datagrams, packets);
    }

    private static int Count(ListLogger logger, string fragment)
    {
        lock (logger.Lines)
            return logger.Lines.Count(l => l.Contains(fragment));
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
}
