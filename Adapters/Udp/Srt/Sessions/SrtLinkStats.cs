using InteropGateway.Adapters.Udp.Native;

namespace InteropGateway.Adapters.Udp.Srt.Sessions;

/// <summary>
/// The figures an operator checks on an SRT link, from srt_bstats, for /api/streams and
/// /api/srt/routes: round trip, loss, retransmissions, drops (packets too late to play), rates.
/// </summary>
internal static class SrtLinkStats
{
    public static object? Snapshot(SrtSocket socket)
    {
        if (!socket.TryGetStats(out var s))
            return null;
        return new
        {
            rttMs = Math.Round(s.MsRtt, 1),
            latencyMs = Math.Max(s.MsReceiveTsbPdDelay, s.MsSendTsbPdDelay),
            bandwidthMbps = Math.Round(s.MbpsBandwidth, 2),
            sendRateMbps = Math.Round(s.MbpsSendRate, 3),
            receiveRateMbps = Math.Round(s.MbpsReceiveRate, 3),
            packetsSent = s.PacketsSentTotal,
            packetsReceived = s.PacketsReceivedTotal,
            packetsSendLost = s.PacketsSendLossTotal,
            packetsReceiveLost = s.PacketsReceiveLossTotal,
            packetsRetransmitted = s.PacketsRetransmittedTotal,
            packetsReceivedRetransmitted = s.PacketsReceivedRetransmitted,
            packetsSendDropped = s.PacketsSendDropTotal,
            packetsReceiveDropped = s.PacketsReceiveDropTotal,
            packetsUndecrypted = s.PacketsUndecryptedTotal,
            bytesSent = s.BytesSentTotal,
            bytesReceived = s.BytesReceivedTotal,
            connectedMs = s.MsTimeStamp,
        };
    }
}
