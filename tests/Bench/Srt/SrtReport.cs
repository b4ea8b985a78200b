using System.Globalization;
using System.Text;
using InteropGateway.Bench.SideBySide;

namespace InteropGateway.Bench.Srt;

/// <summary>The "SRT ingest vs RTMP ingest" section of RESULTS.md: conditions, the side-by-side table, the ingest cost, commands.</summary>
internal static class SrtReport
{
    public const string Heading = "## SRT ingest vs RTMP ingest: the SRT path's overhead (N RTMP players)";
    public const string Anchor = "rtmp-ingest", Subject = "srt-ingest";

    public static readonly Column CpuPerMbps = new("gateway CPU ms/s per delivered Mbps", w => w.CpuMsPerSecond / w.DeliveredMbps("bytes"), "0.000", Bold: true);

    public static readonly Column[] Columns =
    [
        new("players receiving (min)", w => IngestRounds.Receiving(w), "0", Ratio: false),
        new("delivered Mbps (all players)", w => w.DeliveredMbps("bytes"), "0.0"),
        new("min per player kbit/s", w => w.MinOverViewers("bytes") * 8 / 1000 / w.StatsSeconds, "0", Ratio: false),
        new("gateway CPU ms/s", w => w.CpuMsPerSecond, "0.0"),
        new("no-player ingest CPU ms/s (idle window before)", w => w.IdleCpuMsPerSecond, "0.0"),
        CpuPerMbps,
        new("marginal CPU ms/s per player", w => w.MarginalCpuMsPerSecondPerViewer, "0.00"),
        new("idle RSS MB", w => w.IdleRssMb, "0.0"),
        new("RSS MB", w => w.RssMb, "0.0"),
        new("players' CPU ms/s", w => w.ClientCpuMsPerSecond, "0", Ratio: false),
        new("load avg (1 min)", w => w.LoadAverage1, "0.00", Ratio: false),
    ];

    public static string Section(BenchOptions o, string machine, string loadBefore, string versions, IReadOnlyList<ViewerWindow> windows,
        IReadOnlyList<string> commands, string srtLinkAtEnd)
    {
        var sb = new StringBuilder();
        SideBySideSection.AppendConditions(sb, o, machine, "1-min load average; other engineers' builds and test runs share the machine", loadBefore, versions, windows);
        sb.AppendLine("- Stream: the fan-out mode's 10 s clip (testsrc2 1280x720 30 fps, H.264 3 Mbit/s CBR, GOP 2 s; AAC-LC 44.1 kHz stereo 128 kbit/s, FLV), looped in real time by one ffmpeg per gateway, `-c copy` (no re-encoding):");
        sb.AppendLine("  - **rtmp-ingest**: `ffmpeg -re -stream_loop -1 -i clip.flv -c copy -f flv rtmp://…/live/rtmp`.");
        sb.AppendLine("  - **srt-ingest**: `ffmpeg -re -stream_loop -1 -i clip.flv -c copy -f mpegts 'srt://…?streamid=#!::r=live/srt,m=publish'` (libsrt caller, live mode, ffmpeg's defaults: 1316-byte payloads, 120 ms latency; the gateway's listener at its defaults, no passphrase). The gateway demuxes the TS (Annex B -> length-prefixed H.264, ADTS -> raw AAC) into the same frames the RTMP ingest produces.");
        sb.AppendLine("  - Two fresh gateway processes, configured alike (both have the RTMP and the SRT listener), each with its own feed running for the whole run; only the one being measured has players.");
        sb.AppendLine("- Players: N `rtmpdump -q -v -r rtmp://…/live/{rtmp|srt} -o /dev/null` per window (the fan-out mode's load), so the egress is RTMP/FLV in both; only the ingest protocol differs.");
        sb.AppendLine($"- Method: {o.Repeats} rounds; in each, for each N, each gateway in turn (order flipped every round): 5 s idle window (feed only: **no-player ingest CPU**), N players started, {o.WarmupSeconds} s warm-up (+1 s per 25 players), then a {o.Seconds} s window, players stopped, 2 s pause. **Gateway CPU** = utime+stime delta of the gateway PID (/proc/PID/stat, all threads, libsrt's included). **Delivered** = sum of the players' wchar deltas (/proc/PID/io: the FLV each received). **Marginal CPU per player** = (window CPU - idle CPU) / N. Every player must be running and have received data in the window, else the window is invalid and no ratio is shown for that N. Cells are medians over valid windows; ratios are srt-ingest/rtmp-ingest, so **above 1.00x is the SRT path's overhead**.");
        sb.AppendLine();
        sb.AppendLine(SideBySideTable.Render(windows, Anchor, Subject, Columns, CpuPerMbps));
        sb.AppendLine(IngestCostSummary.Line(windows, Anchor, Subject));
        sb.AppendLine();
        sb.AppendLine($"SRT publisher at the end of the run (`/api/streams`, srt-ingest gateway): `{srtLinkAtEnd}`");
        sb.AppendLine();
        SideBySideSection.AppendWindows(sb, windows, "round, side, N: gateway CPU ms/s, no-player CPU ms/s, delivered Mbps, CPU per Mbps",
            w => F($"{w.CpuMsPerSecond:0.0} ms/s, idle {w.IdleCpuMsPerSecond:0.0} ms/s, {w.DeliveredMbps("bytes"):0.0} Mbps, {CpuPerMbps.Value(w):0.000}"));
        SideBySideSection.AppendCommands(sb, commands);
        return sb.ToString();
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
