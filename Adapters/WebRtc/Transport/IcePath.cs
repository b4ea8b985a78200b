using System.Net;

namespace InteropGateway.Adapters.WebRtc.Transport;

/// <summary>
/// One way to reach a peer that a STUN check has proven: a UDP remote address on the shared socket,
/// or one ICE-TCP connection. The session sends everything (STUN answers, DTLS, SRTP) on its selected path.
/// </summary>
public abstract class IcePath
{
    public abstract IPEndPoint RemoteEndPoint { get; }

    public abstract bool IsTcp { get; }

    /// <summary>Sends one packet; never blocks on the network. False when it had to be dropped.</summary>
    public abstract bool Send(ReadOnlySpan<byte> packet);

    public override string ToString() => (IsTcp ? "tcp:" : "udp:") + RemoteEndPoint;
}
