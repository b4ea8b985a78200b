using System.Net;
using System.Net.Sockets;

namespace InteropGateway.Tests.Integration.Infrastructure;

/// <summary>
/// Ports for the gateways under test, from 20000-29999: below Linux's ephemeral range
/// (32768-60999), so an outgoing connection of a player, a browser or ffmpeg can never have taken
/// one between our pick and the gateway's bind. Each is checked free for TCP and UDP (WebRTC uses both).
/// </summary>
internal static class FreePort
{
    private const int First = 20000;
    private const int Count = 10000;
    private static int _next = Environment.ProcessId * 7 % Count;

    public static int Next()
    {
        for (var attempt = 0; attempt < Count; attempt++)
        {
            var port = First + Interlocked.Increment(ref _next) % Count;
            if (IsFree(port))
                return port;
        }
        throw new InvalidOperationException($"no free port in {First}-{First + Count - 1}");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(new IPEndPoint(IPAddress.Loopback, port));
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
