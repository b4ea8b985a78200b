namespace InteropGateway.Adapters.WebRtc.Rtp.Rtcp;

/// <summary>RTCP packet types (RFC 3550 §12.1, RFC 4585 §6.1).</summary>
public static class RtcpPacketType
{
    public const byte SenderReport = 200;
    public const byte ReceiverReport = 201;
    public const byte SourceDescription = 202;
    public const byte Goodbye = 203;
    /// <summary>Transport-layer feedback; FMT 1 = generic NACK.</summary>
    public const byte TransportFeedback = 205;
    /// <summary>Payload-specific feedback; FMT 1 = PLI, FMT 4 = FIR.</summary>
    public const byte PayloadFeedback = 206;

    public const int NackFormat = 1;
    public const int PliFormat = 1;
    public const int FirFormat = 4;

    /// <summary>RFC 5761 §4 / RFC 7983: with rtcp-mux, second bytes 192..223 are RTCP, not RTP.</summary>
    public static bool IsRtcp(ReadOnlySpan<byte> packet) => packet.Length >= 2 && packet[1] is >= 192 and <= 223;
}
