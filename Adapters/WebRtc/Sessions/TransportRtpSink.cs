using InteropGateway.Adapters.WebRtc.Rtp;
using InteropGateway.Adapters.WebRtc.Transport;

namespace InteropGateway.Adapters.WebRtc.Sessions;

/// <summary>The end of a session's send chain: protects and sends each RTP/RTCP packet on the transport.</summary>
internal sealed class TransportRtpSink(PeerTransport transport) : IRtpPacketSink, IRtcpPacketSink
{
    public void OnRtpPacket(ReadOnlySpan<byte> packet) => transport.SendRtp(packet);
    public void OnRtcpPacket(ReadOnlySpan<byte> packet) => transport.SendRtcp(packet);
}
