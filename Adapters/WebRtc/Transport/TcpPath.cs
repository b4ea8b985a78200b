using System.Net;

namespace InteropGateway.Adapters.WebRtc.Transport;

/// <summary>A peer reached over one passive ICE-TCP connection; sends are framed and queued, never awaited.</summary>
internal sealed class TcpPath(IceTcpConnection connection) : IcePath
{
    public IceTcpConnection Connection { get; } = connection;

    public override IPEndPoint RemoteEndPoint => Connection.RemoteEndPoint;

    public override bool IsTcp => true;

    public override bool Send(ReadOnlySpan<byte> packet) => Connection.TryQueueFrame(packet);
}
