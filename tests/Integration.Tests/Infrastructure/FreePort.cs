using System.Net;
using System.Net.Sockets;

namespace InteropGateway.Tests.Integration.Infrastructure;

internal static class FreePort
{
    /// <summary>A TCP port the kernel just handed out on loopback (closed again, so Kestrel can take it).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
