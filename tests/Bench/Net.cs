using System.Net;
using System.Net.Sockets;

namespace InteropGateway.Bench;

/// <summary>Loopback port helpers: pick a free port, wait (bounded) until a server accepts on it.</summary>
internal static class Net
{
    /// <summary>The bench's own port range (other suites on this machine use 20000-29999).</summary>
    public const int RangeStart = 30000, RangeEnd = 39999;

    /// <summary>A port in the bench's range that is free for both TCP and UDP on 127.0.0.1 right now.</summary>
    public static int FreePort() => FreePorts(1)[0];

    /// <summary>
    /// <paramref name="count"/> consecutive ports in the bench's range, each free for TCP and UDP (for
    /// port ranges handed to a server, e.g. Janus's RTP ports). Random start, bounded number of tries.
    /// </summary>
    public static int[] FreePorts(int count)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var first = Random.Shared.Next(RangeStart, RangeEnd - count + 2);
            var ports = Enumerable.Range(first, count).ToArray();
            lock (Reserved)
            {
                if (!ports.All(IsFree)) continue;
                Reserved.UnionWith(ports);
                return ports;
            }
        }
        throw new InvalidOperationException($"no {count} free consecutive ports in {RangeStart}-{RangeEnd}");
    }

    // Ports handed out earlier in this run but maybe not bound yet: never hand them out twice.
    private static readonly HashSet<int> Reserved = [];

    private static bool IsFree(int port)
    {
        try
        {
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(new IPEndPoint(IPAddress.Loopback, port));
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return !Reserved.Contains(port);
        }
        catch (SocketException) { return false; }
    }

    public static async Task WaitForListenerAsync(int port, TimeSpan timeout, Func<bool> stillAlive, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (!stillAlive()) throw new InvalidOperationException($"{what} exited before listening on {port}");
            try
            {
                using var c = new TcpClient();
                using var cts = new CancellationTokenSource(500);
                await c.ConnectAsync(IPAddress.Loopback, port, cts.Token);
                return;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException) { await Task.Delay(200); }
        }
        throw new TimeoutException($"{what} did not listen on 127.0.0.1:{port} within {timeout}");
    }
}
