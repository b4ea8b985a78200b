using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using InteropGateway.Adapters.Udp.Native;
using InteropGateway.Tests.Shared;

namespace InteropGateway.Tests.Udp.Native;

/// <summary>
/// Compiles a C program with gcc against /usr/include/srt/srt.h (libsrt-openssl-dev) that prints the
/// size and offsets of every SRT_TRACEBSTATS field the binding maps and the constants it hard-codes:
/// a libsrt upgrade that moves one fails here, not in a stream.
/// </summary>
public sealed class SrtLayoutProbeTests
{
    private static readonly (string Expression, long Expected)[] Checks =
    [
        ("sizeof(SRT_TRACEBSTATS)", Unsafe.SizeOf<SrtTraceStats>()),
        ("offsetof(SRT_TRACEBSTATS, msTimeStamp)", Offset(nameof(SrtTraceStats.MsTimeStamp))),
        ("offsetof(SRT_TRACEBSTATS, pktSentTotal)", Offset(nameof(SrtTraceStats.PacketsSentTotal))),
        ("offsetof(SRT_TRACEBSTATS, pktRecvTotal)", Offset(nameof(SrtTraceStats.PacketsReceivedTotal))),
        ("offsetof(SRT_TRACEBSTATS, pktSndLossTotal)", Offset(nameof(SrtTraceStats.PacketsSendLossTotal))),
        ("offsetof(SRT_TRACEBSTATS, pktRcvLossTotal)", Offset(nameof(SrtTraceStats.PacketsReceiveLossTotal))),
        ("offsetof(SRT_TRACEBSTATS, pktRetransTotal)", Offset(nameof(SrtTraceStats.PacketsRetransmittedTotal))),
        ("offsetof(SRT_TRACEBSTATS, pktSndDropTotal)", Offset(nameof(SrtTraceStats.PacketsSendDropTotal))),
        ("offsetof(SRT_TRACEBSTATS, pktRcvDropTotal)", Offset(nameof(SrtTraceStats.PacketsReceiveDropTotal))),
        ("offsetof(SRT_TRACEBSTATS, pktRcvUndecryptTotal)", Offset(nameof(SrtTraceStats.PacketsUndecryptedTotal))),
        ("offsetof(SRT_TRACEBSTATS, byteSentTotal)", Offset(nameof(SrtTraceStats.BytesSentTotal))),
        ("offsetof(SRT_TRACEBSTATS, byteRecvTotal)", Offset(nameof(SrtTraceStats.BytesReceivedTotal))),
        ("offsetof(SRT_TRACEBSTATS, pktRcvRetrans)", Offset(nameof(SrtTraceStats.PacketsReceivedRetransmitted))),
        ("offsetof(SRT_TRACEBSTATS, mbpsSendRate)", Offset(nameof(SrtTraceStats.MbpsSendRate))),
        ("offsetof(SRT_TRACEBSTATS, mbpsRecvRate)", Offset(nameof(SrtTraceStats.MbpsReceiveRate))),
        ("offsetof(SRT_TRACEBSTATS, msRTT)", Offset(nameof(SrtTraceStats.MsRtt))),
        ("offsetof(SRT_TRACEBSTATS, mbpsBandwidth)", Offset(nameof(SrtTraceStats.MbpsBandwidth))),
        ("offsetof(SRT_TRACEBSTATS, msSndTsbPdDelay)", Offset(nameof(SrtTraceStats.MsSendTsbPdDelay))),
        ("offsetof(SRT_TRACEBSTATS, msRcvTsbPdDelay)", Offset(nameof(SrtTraceStats.MsReceiveTsbPdDelay))),
        ("sizeof(SRT_EPOLL_EVENT)", Unsafe.SizeOf<SrtEpollEvent>()),
        ("SRT_EPOLL_IN", (long)SrtEpollFlags.In),
        ("SRT_EPOLL_OUT", (long)SrtEpollFlags.Out),
        ("SRT_EPOLL_ERR", (long)SrtEpollFlags.Error),
        ("(int)SRT_EPOLL_ET", (long)SrtEpollFlags.EdgeTriggered),
        ("SRT_EPOLL_ENABLE_EMPTY", SrtEpollSettings.EnableEmpty),
        ("SRTO_SNDSYN", (long)SrtOption.SendSynchronous),
        ("SRTO_RCVSYN", (long)SrtOption.ReceiveSynchronous),
        ("SRTO_LATENCY", (long)SrtOption.Latency),
        ("SRTO_PASSPHRASE", (long)SrtOption.Passphrase),
        ("SRTO_PBKEYLEN", (long)SrtOption.PbKeyLength),
        ("SRTO_CONNTIMEO", (long)SrtOption.ConnectTimeout),
        ("SRTO_RCVLATENCY", (long)SrtOption.ReceiveLatency),
        ("SRTO_STREAMID", (long)SrtOption.StreamId),
        ("SRTO_TRANSTYPE", (long)SrtOption.TransportType),
        ("SRTO_PEERIDLETIMEO", (long)SrtOption.PeerIdleTimeout),
        ("SRTS_CONNECTING", (long)SrtSocketState.Connecting),
        ("SRTS_CONNECTED", (long)SrtSocketState.Connected),
        ("SRTS_BROKEN", (long)SrtSocketState.Broken),
        ("SRTS_CLOSED", (long)SrtSocketState.Closed),
        ("SRT_ECONNREJ", SrtErrors.ConnectionRejected),
        ("SRT_ECONNLOST", SrtErrors.ConnectionLost),
        ("SRT_ENOCONN", SrtErrors.NoConnection),
        ("SRT_EINVSOCK", SrtErrors.InvalidSocket),
        ("SRT_EASYNCSND", SrtErrors.WouldBlockSend),
        ("SRT_EASYNCRCV", SrtErrors.WouldBlockReceive),
        ("SRT_REJ_PEER", SrtRejectReason.Peer),
        ("SRT_REJ_BADSECRET", SrtRejectReason.BadSecret),
        ("SRT_REJ_UNSECURE", SrtRejectReason.Unsecure),
        ("SRT_REJ_TIMEOUT", SrtRejectReason.Timeout),
        ("SRT_REJX_BAD_REQUEST", SrtRejectReason.BadRequest),
        ("SRT_REJX_UNAUTHORIZED", SrtRejectReason.Unauthorized),
        ("SRT_REJX_FORBIDDEN", SrtRejectReason.Forbidden),
        ("SRT_REJX_NOTFOUND", SrtRejectReason.NotFound),
        ("SRT_REJX_BAD_MODE", SrtRejectReason.BadMode),
        ("SRT_REJX_CONFLICT", SrtRejectReason.Conflict),
        ("SRT_REJX_NOTSUP_MEDIA", SrtRejectReason.UnsupportedMedia),
        ("SRT_REJX_ISE", SrtRejectReason.InternalError),
        ("SRT_LIVE_MAX_PLSIZE", 1456),
    ];

    [Fact]
    public void Every_mapped_offset_size_and_constant_matches_srt_h()
    {
        var printed = CHeaderProbe.Evaluate(["srt/srt.h", "srt/access_control.h"], Checks.Select(c => c.Expression).ToArray());
        var mismatches = Checks.Select((c, i) => (c, printed[i])).Where(p => p.Item2 != p.c.Expected)
            .Select(p => $"{p.c.Expression}: srt.h says {p.Item2}, binding assumes {p.c.Expected}").ToArray();
        Assert.True(mismatches.Length == 0, string.Join("\n", mismatches));
    }

    [Fact]
    public void The_loaded_library_is_libsrt_1_5()
    {
        Assert.StartsWith("1.5.", SrtLibrary.Version);
    }

    private static long Offset(string field) => Marshal.OffsetOf<SrtTraceStats>(field).ToInt64();
}
