using InteropGateway.Adapters.WebRtc.Rtp.Rtcp;

namespace InteropGateway.Adapters.WebRtc.Rtp.Interceptors;

/// <summary>
/// Send-side interceptor: keeps every packet of one SSRC that passes through in a
/// <see cref="RtpSendHistory"/>, and answers generic NACKs for that SSRC by sending the requested
/// packets again, unchanged (no RTX is negotiated, so a retransmission is the original packet).
/// Packets come from the media path and NACKs from the RTCP receive path, hence the lock.
/// </summary>
public sealed class NackResponder : IRtpPacketSink, IDisposable
{
    private readonly IRtpPacketSink _next;
    private readonly RtpSendHistory _history;
    private readonly Lock _lock = new();

    /// <param name="historyBytes">Bytes of sent packets kept for retransmission (<see cref="RtpSendHistory.VideoBytes"/>, <see cref="RtpSendHistory.AudioBytes"/>).</param>
    public NackResponder(uint ssrc, IRtpPacketSink next, int historyBytes, int historySize = RtpSendHistory.DefaultCapacity)
    {
        Ssrc = ssrc;
        _next = next;
        _history = new RtpSendHistory(historySize, historyBytes);
    }

    public uint Ssrc { get; }
    public long PacketsRetransmitted { get; private set; }
    /// <summary>Requested packets that had already left the history.</summary>
    public long PacketsNotFound { get; private set; }

    public void OnRtpPacket(ReadOnlySpan<byte> packet)
    {
        lock (_lock)
        {
            _history.Store(packet);
            _next.OnRtpPacket(packet);
        }
    }

    /// <summary>Handles the NACKs for our SSRC in a (compound) RTCP packet; returns the packets sent again.</summary>
    public int HandleRtcp(ReadOnlySpan<byte> compound)
    {
        var sent = 0;
        foreach (var packet in new RtcpCompoundEnumerator(compound))
        {
            if (!RtcpGenericNack.TryParse(packet, out var header, out var lost) || header.MediaSsrc != Ssrc)
                continue;
            lock (_lock)
            {
                foreach (var sequenceNumber in lost)
                {
                    if (_history.TryGet(sequenceNumber, out var stored))
                    {
                        _next.OnRtpPacket(stored);
                        sent++;
                        PacketsRetransmitted++;
                    }
                    else
                    {
                        PacketsNotFound++;
                    }
                }
            }
        }
        return sent;
    }

    public void Dispose()
    {
        lock (_lock)
            _history.Dispose();
    }
}
