using System.Globalization;
using System.Text;
using InteropGateway.Bench.SideBySide;

namespace InteropGateway.Bench.H5;

/// <summary>The "H5 fan-out" section of RESULTS.md: conditions, the side-by-side table, commands.</summary>
internal static class H5Report
{
    public const string Heading = "## H5 (JSMpeg) WebSocket fan-out: gateway vs a JSMpeg-style relay";

    public static readonly Column CpuPerViewer = new("server CPU ms/s per viewer", w => w.CpuMsPerSecondPerViewer, "0.000", Bold: true);

    public static readonly Column MemoryPerViewer = new("memory per viewer KB (RSS delta / N)", w => w.RssPerViewerMb * 1024, "0", Bold: true);

    public static readonly Column[] Columns =
    [
        new("viewers connected (min)", w => w.Connected, "0", Ratio: false),
        new("delivered Mbps (all viewers)", w => w.DeliveredMbps("bytes"), "0.0"),
        new("min per viewer kbit/s", w => w.MinOverViewers("bytes") * 8 / 1000 / w.StatsSeconds, "0", Ratio: false),
        new("messages/s per viewer", w => w.RatePerSecond("messages") / w.Viewers, "0.0"),
        new("server CPU ms/s", w => w.CpuMsPerSecond, "0.0"),
        new("idle server CPU ms/s (feed only)", w => w.IdleCpuMsPerSecond, "0.0"),
        CpuPerViewer,
        new("marginal CPU ms/s per viewer", w => w.MarginalCpuMsPerSecondPerViewer, "0.000"),
        new("CPU ms/s per delivered Mbps", w => w.CpuMsPerSecond / w.DeliveredMbps("bytes"), "0.000"),
        new("idle RSS MB", w => w.IdleRssMb, "0.0"),
        new("RSS MB", w => w.RssMb, "0.0"),
        MemoryPerViewer,
        new("client CPU ms/s", w => w.ClientCpuMsPerSecond, "0", Ratio: false),
        new("load avg (1 min)", w => w.LoadAverage1, "0.00", Ratio: false),
    ];

    public static string Section(BenchOptions o, string machine, string loadBefore, string versions, IReadOnlyList<ViewerWindow> windows,
        IReadOnlyList<string> commands)
    {
        var sb = new StringBuilder();
        SideBySideSection.AppendConditions(sb, o, machine, "1-min load average, other engineers compiling at the same time", loadBefore, versions, windows);
        sb.AppendLine("- Stream: one 10 s MPEG-TS clip (mpeg1video 960x540 30 fps 1.5 Mbit/s, no B-frames, GOP 2 s; mp2 128 kbit/s) looped in real time by one `ffmpeg -re -stream_loop -1 -i clip.ts -c copy -f mpegts http://...` per server: the same bytes to both.");
        sb.AppendLine("  - **jsmpeg-relay**: `tests/Bench/node/jsmpeg-style-relay.js`, the usual JSMpeg deployment (pattern of JSMpeg's websocket-relay.js, written for the bench): Node http server takes the POST body, a `ws` WebSocketServer sends every received chunk as is to every client. One process.");
        sb.AppendLine("  - **gateway**: `POST /h5/ingest/live/bench`, viewers on `ws://…/h5/live/bench`. H5 source to H5 viewers passes through (no transcoding), but the gateway demuxes the TS into frames (GOP cache, relay core) and muxes TS again per viewer, batching queued frames into one message.");
        sb.AppendLine("- Viewers: one Node process (`tests/Bench/node/h5-viewers.js`, `ws` client, no permessage-deflate) opening N connections (20 at a time), counting bytes and messages per connection and discarding them.");
        sb.AppendLine($"- Method: {o.Repeats} rounds; in each, each server in turn (order alternating per round): 5 s idle window (feed only), N viewers connected, {o.WarmupSeconds} s warm-up, then a {o.Seconds} s window. **Server CPU** = utime+stime delta of the server PID (/proc/PID/stat). **Memory per viewer** = (VmRSS at the end of the window - VmRSS just before the viewers connected) / N. Every connection must be open and have received data in the window, else the window is invalid and no ratio is shown. Cells are medians over valid windows; ratios are gateway/jsmpeg-relay, below 1.00x is better for us.");
        sb.AppendLine();
        sb.AppendLine(SideBySideTable.Render(windows, anchor: "jsmpeg-relay", subject: "gateway", Columns, CpuPerViewer));
        sb.AppendLine(SideBySideTable.FirstRound(windows, anchor: "jsmpeg-relay", subject: "gateway", MemoryPerViewer));
        sb.AppendLine();
        SideBySideSection.AppendWindows(sb, windows, "round, server, N: server CPU ms/s, CPU per viewer, memory per viewer",
            w => F($"{w.CpuMsPerSecond:0.0} ms/s, {w.CpuMsPerSecondPerViewer:0.000} ms/s per viewer, {w.RssPerViewerMb * 1024:0} KB per viewer"));
        SideBySideSection.AppendCommands(sb, commands);
        return sb.ToString();
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
