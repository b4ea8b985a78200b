using System.Net;
using System.Net.Sockets;

namespace InteropGateway.Bench;

/// <summary>Loopback port helpers: pick a free port, wait (bounded) until a server accepts on it.</summary>
internal static class Net
{
    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
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
