using System.Net;
using System.Net.Sockets;

namespace InteropGateway.Adapters.WebRtc.Transport;

/// <summary>A peer's UDP address on the shared socket. Created once per validated address, not per packet.</summary>
internal sealed class UdpPath : IcePath
{
    private readonly Socket _socket;
    private readonly WebRtcTransportCounters _counters;

    public SocketAddress Address { get; }

    public override IPEndPoint RemoteEndPoint { get; }

    public override bool IsTcp => false;

    /// <param name="address">Copied: the receive loop reuses its SocketAddress for every datagram.</param>
    public UdpPath(Socket socket, SocketAddress address, WebRtcTransportCounters counters)
    {
        _socket = socket;
        _counters = counters;
        Address = new SocketAddress(address.Family, address.Size);
        address.Buffer.Span[..address.Size].CopyTo(Address.Buffer.Span);
        // The template's family must match the datagram's: an IPv4-bound socket gives IPv4 addresses.
        var template = address.Family == System.Net.Sockets.AddressFamily.InterNetwork ? new IPEndPoint(IPAddress.Any, 0) : new IPEndPoint(IPAddress.IPv6Any, 0);
        RemoteEndPoint = (IPEndPoint)template.Create(Address);
    }

    public override bool Send(ReadOnlySpan<byte> packet)
    {
        try
        {
            // A UDP sendto only copies into the kernel: synchronous is cheaper than an async state machine.
            _socket.SendTo(packet, SocketFlags.None, Address);
            return true;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            _counters.Increment(ref _counters.SendErrors);
            return false;
        }
    }
}
