using System.Runtime.InteropServices;

namespace InteropGateway.Adapters.Udp.Native;

/// <summary>
/// SRT_TRACEBSTATS (struct CBytePerfMon) as srt_bstats fills it: the whole 496 bytes are reserved,
/// only the fields the gateway reports are mapped. Offsets are checked against srt.h by a gcc probe test.
/// With clear = 0 the "local" counters (e.g. <see cref="PacketsReceivedRetransmitted"/>) run since
/// the connection started, like the totals.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 496)]
internal struct SrtTraceStats
{
    [FieldOffset(0)] public long MsTimeStamp;
    [FieldOffset(8)] public long PacketsSentTotal;
    [FieldOffset(16)] public long PacketsReceivedTotal;
    [FieldOffset(24)] public int PacketsSendLossTotal;
    [FieldOffset(28)] public int PacketsReceiveLossTotal;
    [FieldOffset(32)] public int PacketsRetransmittedTotal;
    [FieldOffset(64)] public int PacketsSendDropTotal;
    [FieldOffset(68)] public int PacketsReceiveDropTotal;
    [FieldOffset(72)] public int PacketsUndecryptedTotal;
    [FieldOffset(80)] public ulong BytesSentTotal;
    [FieldOffset(88)] public ulong BytesReceivedTotal;
    [FieldOffset(164)] public int PacketsReceivedRetransmitted;
    [FieldOffset(184)] public double MbpsSendRate;
    [FieldOffset(192)] public double MbpsReceiveRate;
    [FieldOffset(328)] public double MsRtt;
    [FieldOffset(336)] public double MbpsBandwidth;
    [FieldOffset(376)] public int MsSendTsbPdDelay;
    [FieldOffset(392)] public int MsReceiveTsbPdDelay;
}
