namespace InteropGateway.Adapters.WebRtc.Rtp;

/// <summary>
/// Takes RTP packets one at a time: the next interceptor, the SRTP transport, or a depacketizer.
/// The span is only valid during the call; a sink that keeps a packet copies it.
/// </summary>
public interface IRtpPacketSink
{
    void OnRtpPacket(ReadOnlySpan<byte> packet);
}

/// <summary>Takes RTCP packets (compound or single) one at a time; the span is only valid during the call.</summary>
public interface IRtcpPacketSink
{
    void OnRtcpPacket(ReadOnlySpan<byte> packet);
}
