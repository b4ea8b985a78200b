using System.Net;
using System.Net.Sockets;

namespace InteropGateway.Adapters.Udp.Plain;

/// <summary>Opens the sockets of UDP routes, unicast or IPv4 multicast, with buffers sized for the bursts a live TS has (a keyframe, a GOP on start).</summary>
internal static class UdpSockets
{
    private const int BufferBytes = 4 * 1024 * 1024;

    /// <summary>A socket receiving <paramref name="url"/>: bound to it, and for a group, joined on the URL's interface.</summary>
    public static Socket OpenInput(UdpUrl url)
    {
        RefuseIpv6Multicast(url);
        var socket = new Socket(url.EndPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.ReceiveBufferSize = BufferBytes;
            if (url.IsMulticast)
            {
                // Several receivers of one group may share the port; binding the group address (not 0.0.0.0)
                // keeps other groups' datagrams to the same port out of this socket on Linux.
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                socket.Bind(url.EndPoint);
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership,
                    new MulticastOption(url.EndPoint.Address, url.Interface ?? IPAddress.Any));
            }
            else
            {
                socket.Bind(url.EndPoint);
            }
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>A socket connected to <paramref name="url"/>, so each send names no address; for a group with its TTL and outgoing interface.</summary>
    public static Socket OpenOutput(UdpUrl url)
    {
        RefuseIpv6Multicast(url);
        var socket = new Socket(url.EndPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.SendBufferSize = BufferBytes;
            if (url.IsMulticast)
            {
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, url.Ttl);
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastLoopback, true); // receivers on this host too
                if (url.Interface is { } local)
                    socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, local.GetAddressBytes());
            }
            socket.Connect(url.EndPoint);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static void RefuseIpv6Multicast(UdpUrl url)
    {
        if (url.IsMulticast && url.EndPoint.AddressFamily == AddressFamily.InterNetworkV6)
            throw new NotSupportedException($"{url}: IPv6 multicast routes are not supported, use an IPv4 group");
    }
}
