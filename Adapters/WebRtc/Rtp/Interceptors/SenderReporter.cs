using InteropGateway.Adapters.WebRtc.Rtp.Rtcp;

namespace InteropGateway.Adapters.WebRtc.Rtp.Interceptors;

/// <summary>
/// Send-side interceptor for one outgoing SSRC: counts the packets and payload octets that pass
/// (RFC 3550 §6.4.1 sender info; both wrap at 2^32 as the fields do) and writes this SSRC's
/// sender report. The NTP/RTP pair is the caller's: it comes from the session's
/// <see cref="OutgoingMediaClock"/>, the clock the packetizer stamps RTP from. Packets come from
/// the media path and reports are written from the report timer, hence the lock.
/// </summary>
public sealed class SenderReporter(uint ssrc, IRtpPacketSink next) : IRtpPacketSink
{
    private readonly Lock _lock = new();
    private uint _packets;
    private uint _octets;

    public uint Ssrc => ssrc;

    public bool HasSent { get { lock (_lock) return _packets != 0; } }

    public void OnRtpPacket(ReadOnlySpan<byte> packet)
    {
        if (RtpPacket.TryParse(packet, out var parsed))
        {
            lock (_lock)
            {
                _packets++;
                _octets += (uint)parsed.Payload.Length;
            }
        }
        next.OnRtpPacket(packet);
    }

    /// <summary>Writes the SR (no report blocks: we receive nothing on this SSRC's session); returns its size.</summary>
    public int WriteReport(Span<byte> destination, ulong ntpTimestamp, uint rtpTimestamp)
    {
        lock (_lock)
            return new RtcpSenderReport(ssrc, ntpTimestamp, rtpTimestamp, _packets, _octets).Write(destination);
    }
}
