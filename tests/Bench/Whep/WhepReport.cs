using System.Globalization;
using System.Text;
using InteropGateway.Bench.Peers;
using InteropGateway.Bench.SideBySide;

namespace InteropGateway.Bench.Whep;

/// <summary>The "WHEP fan-out" section of RESULTS.md: conditions, the side-by-side table, commands, Janus's configs.</summary>
internal static class WhepReport
{
    public const string Heading = "## WHEP fan-out: gateway vs Janus";

    private static readonly string[] MediaBytes = ["videoBytes", "audioBytes"];

    public static readonly Column CpuPerMbps = new("server CPU ms/s per delivered viewer-Mbps", w => w.CpuMsPerSecond / w.DeliveredMbps(MediaBytes), "0.000", Bold: true);

    public static readonly Column RssPerSession = new("RSS per session MB", w => w.RssPerViewerMb, "0.00");

    public static readonly Column[] Columns =
    [
        new("viewers connected (min)", w => w.Connected, "0", Ratio: false),
        new("delivered Mbps (RTP payload, all viewers)", w => w.DeliveredMbps(MediaBytes), "0.0"),
        new("server CPU ms/s", w => w.CpuMsPerSecond, "0.0"),
        new("idle server CPU ms/s (feed only)", w => w.IdleCpuMsPerSecond, "0.0"),
        new("CPU ms/s per viewer", w => w.CpuMsPerSecondPerViewer, "0.00"),
        new("marginal CPU ms/s per viewer", w => w.MarginalCpuMsPerSecondPerViewer, "0.00"),
        CpuPerMbps,
        new("RSS MB", w => w.RssMb, "0.0"),
        RssPerSession,
        new("client CPU ms/s", w => w.ClientCpuMsPerSecond, "0", Ratio: false),
        new("video pkts/s per viewer", w => w.RatePerSecond("videoPackets") / w.Viewers, "0", Ratio: false),
        new("PLI+FIR/s per viewer", w => w.RatePerSecond("plis") / w.Viewers, "0.0", Ratio: false),
        new("NACKs/s per viewer", w => w.RatePerSecond("nacks") / w.Viewers, "0.00", Ratio: false),
        new("load avg (1 min)", w => w.LoadAverage1, "0.00", Ratio: false),
    ];

    public static string Section(BenchOptions o, string machine, string loadBefore, string versions, IReadOnlyList<ViewerWindow> windows,
        IReadOnlyList<string> commands, JanusConfig janus)
    {
        var sb = new StringBuilder();
        SideBySideSection.AppendConditions(sb, o, machine, "1-min load average, other engineers compiling at the same time", loadBefore, versions, windows);
        sb.AppendLine("- Stream: 10 s clip looped in real time: testsrc2 1280x720 30 fps, H.264 constrained baseline 2.5 Mbit/s CBR, GOP 2 s, SPS/PPS in-band at every IDR; AAC-LC 48 kHz stereo 128 kbit/s.");
        sb.AppendLine("  - **gateway** gets it by RTMP from `ffmpeg -c copy` (H.264 + AAC) and serves WHEP: H.264 passes through, **AAC->Opus is transcoded inside the gateway** by one shared branch (96 kbit/s) for all viewers. That encode is in the gateway's CPU figures (about 12 ms/s per the transcode bench above) and not in Janus's: **a handicap of ours**, a fixed cost per stream, not per viewer (the marginal column leaves it out).");
        sb.AppendLine("  - **janus** (streaming plugin, one RTP mountpoint, `bufferkf` so a new viewer starts at the last keyframe like our GOP cache) gets RTP from one ffmpeg: H.264 passed through in packets of at most 1200 bytes, AAC->Opus 96 kbit/s encoded **by that ffmpeg**, outside Janus.");
        sb.AppendLine("  - Both: ICE-lite (gateway on 127.0.0.1, Janus on 127.0.0.2), UDP only, BUNDLE + rtcp-mux, DTLS-SRTP. Both servers and both feeds run during the whole run; only the server being measured has viewers.");
        sb.AppendLine("- Viewers: one Node process (`tests/Bench/node/whep-viewers.js`, @roamhq/wrtc: libwebrtc built for Node) opening N RTCPeerConnections (5 at a time), recvonly video + audio. Gateway: WHEP `POST /whep/live/bench` with the offer (non-trickle: the offer waits for ICE gathering, as the gateway answers with all its candidates), DELETE at the end. Janus: its HTTP API as janus.js uses it (create, attach janus.plugin.streaming, `watch`, long-poll for Janus's offer, `start` with the answer, keep-alive every 25 s, destroy at the end). The measuring part of the run executes in a network namespace of its own (`unshare --net`: loopback plus a veth end `igwbench0` with 127.0.0.2/32, because Janus/libnice gathers no candidates on the loopback interface itself), so every ICE path is 127.x to 127.x and no packet can leave the namespace. The client sends only its 127.0.0.1 candidate to either server.");
        sb.AppendLine(o.Nack
            ? "- NACK: the viewers sent generic NACKs (`--nack`)."
            : "- **NACK: the viewers send no generic NACK** (both servers see NACK negotiated and keep their retransmission buffers, but the client's own SDP has it removed). Reason: our gateway's NACK parser (`RtcpGenericNack.LostSequenceEnumerator`) never ends on a NACK entry whose BLP has bit 15 set (17+ consecutive lost packets, which wrtc viewers produce when a keyframe burst overflows their socket buffer); the WebRTC receive loop then spins in `NackResponder.HandleRtcp` resending the same 17 packets forever, one core busy, no STUN answered for any new session. Reported to the lead; rerun with `--nack` once it is fixed. PLI is kept.");
        sb.AppendLine("- **Codec caveat (client side only):** the linux-x64 build of @roamhq/wrtc 0.10.0 has no H.264 (its offers list VP8/VP9/AV1 only). The client therefore presents its VP8 payload type to the servers as H.264 (constrained baseline, packetization-mode=1, like a browser) and maps the servers' H.264 back to VP8 before libwebrtc sees the SDP (`node/sdp-codec-disguise.js`). Both servers see and send plain H.264 and cannot tell. libwebrtc receives, decrypts and counts every video RTP packet (inbound-rtp bytesReceived/packetsReceived are what the table uses) but its VP8 decoder cannot decode H.264, so video `framesDecoded` stays 0 and the client sends a PLI on each failed keyframe (the \"PLI+FIR/s\" column; both servers get the same stream of PLIs and neither can produce a keyframe from its source, so they only forward or drop them). Opus audio is decoded for real.");
        sb.AppendLine($"- Method: {o.Repeats} rounds; in each, for each N, each server in turn (order alternating per round): 5 s idle window (feed only: \"idle server CPU\"), N viewers started, {o.WarmupSeconds} s warm-up, then a {o.Seconds} s window. **Server CPU** = utime+stime delta of the server PID over the window (/proc/PID/stat; all threads; Janus and the gateway are one process each). **Delivered** = sum over viewers of inbound-rtp bytesReceived deltas (RTP payload, video + audio) per second. **Marginal CPU per viewer** = (window CPU - idle CPU) / N. **RSS per session** = (VmRSS at the end of the window - VmRSS before the viewers) / N. **Client CPU** = the Node viewer process (reported, not compared). Every viewer must have received video and audio RTP in the window, else the window is invalid and no ratio is shown for that N. Table cells are medians over the valid windows; ratios are gateway/janus of the medians, below 1.00x is better for us.");
        sb.AppendLine();
        sb.AppendLine(SideBySideTable.Render(windows, anchor: "janus", subject: "gateway", Columns, CpuPerMbps));
        sb.AppendLine(SideBySideTable.FirstRound(windows, anchor: "janus", subject: "gateway", RssPerSession));
        sb.AppendLine();
        SideBySideSection.AppendWindows(sb, windows, "round, server, N: server CPU ms/s, delivered Mbps, CPU per viewer-Mbps",
            w => F($"{w.CpuMsPerSecond:0.0} ms/s, {w.DeliveredMbps(MediaBytes):0.0} Mbps, {CpuPerMbps.Value(w):0.000}"));
        SideBySideSection.AppendCommands(sb, commands);
        sb.AppendLine();
        sb.AppendLine("Janus configs (written to a temp dir; `janus -C DIR/janus.jcfg -F DIR`):");
        sb.AppendLine();
        sb.AppendLine("```");
        sb.AppendLine(janus.Describe());
        sb.AppendLine("```");
        return sb.ToString();
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
