using System.Globalization;
using System.Text;
using InteropGateway.Bench.SideBySide;

namespace InteropGateway.Bench.Tls;

/// <summary>
/// The "TLS on the single port vs plain RTMP" section of RESULTS.md: conditions, one side-by-side
/// table per plain/TLS pair that was run (rtmp vs rtmps first), the per-round paired ratios, every
/// window, the commands.
/// </summary>
internal static class TlsReport
{
    public const string Heading = "## TLS on the single port vs plain RTMP: gateway CPU per delivered GB";

    // Delivered = the players' TCP bytes_received, not the FLV they wrote: ffmpeg's writes come in bursts of
    // about 256 KiB per player, so a 12 s window's media count moves in steps of ~5% (the same variant read
    // 62.9 or 66.4 Mbps for 20 players), while the kernel's count is exact. The two agree within those steps,
    // and what TLS framing adds (22 bytes per record of up to 16 KiB) is far below them.

    /// <summary>Gateway CPU seconds per GB (1e9 bytes) the players received on their sockets.</summary>
    public static double CpuSecondsPerGb(ViewerWindow w) => w.CpuMsPerSecond / 1000 / (w.RatePerSecond("wire") / 1e9);

    /// <summary>The same above the feed-only level measured just before: the cost of delivering, without ingest and idle runtime work.</summary>
    public static double MarginalCpuSecondsPerGb(ViewerWindow w) => (w.CpuMsPerSecond - w.IdleCpuMsPerSecond) / 1000 / (w.RatePerSecond("wire") / 1e9);

    /// <summary>Socket bytes per byte of media: TLS records, RTMP chunk or HTTP chunk framing against the FLV the players wrote (within the media count's steps).</summary>
    public static double WireOverMedia(ViewerWindow w) => w.RatePerSecond("wire") / w.RatePerSecond("bytes");

    private static readonly Column CpuPerGb = new("gateway CPU s per delivered GB", CpuSecondsPerGb, "0.00", Bold: true);
    private static readonly Column MarginalCpuPerGb = new("marginal CPU s per delivered GB (idle subtracted)", MarginalCpuSecondsPerGb, "0.00", Bold: true);

    private static readonly Column[] Columns =
    [
        new("players receiving (min)", w => DeliveryRounds.Receiving(w), "0", Ratio: false),
        new("delivered Mbps (socket bytes, all players)", w => w.DeliveredMbps("wire"), "0.0"),
        new("media Mbps (FLV written)", w => w.DeliveredMbps("bytes"), "0.0"),
        new("socket bytes / media bytes", WireOverMedia, "0.000"),
        new("gateway CPU ms/s", w => w.CpuMsPerSecond, "0.0"),
        new("idle CPU ms/s (feed only, before)", w => w.IdleCpuMsPerSecond, "0.0"),
        CpuPerGb,
        MarginalCpuPerGb,
        new("RSS MB", w => w.RssMb, "0.0"),
        new("players' CPU ms/s", w => w.ClientCpuMsPerSecond, "0", Ratio: false),
        new("load avg (1 min)", w => w.LoadAverage1, "0.00", Ratio: false),
    ];

    public static string Section(BenchOptions o, IReadOnlyList<DeliveryVariant> variants, string machine, string loadBefore, string versions,
        string tlsSession, IReadOnlyList<ViewerWindow> windows, IReadOnlyList<string> commands)
    {
        var sb = new StringBuilder();
        SideBySideSection.AppendConditions(sb, o, machine, "1-min load average; other engineers' builds and test runs share the machine", loadBefore, versions, windows);
        if (variants.Count != DefaultVariantCount || !variants.SequenceEqual(DeliveryVariant.All.Take(DefaultVariantCount)))
            sb.AppendLine($"  with `--variants {string.Join(',', variants.Select(v => v.Name))}`");
        sb.AppendLine($"- TLS: {tlsSession}.");
        sb.AppendLine("- Stream: the fan-out mode's 10 s clip (testsrc2 1280x720 30 fps, H.264 3 Mbit/s CBR, GOP 2 s; AAC-LC 128 kbit/s, FLV), looped in real time by one ffmpeg publishing plain RTMP to the RTMP port (`-re -stream_loop -1 -c copy -f flv`), to **one** gateway process for the whole run.");
        sb.AppendLine("- Players: N `ffmpeg -i URL -c copy -y -f flv /dev/null` per window, the same command for every variant; only the URL differs (ffmpeg's RTMPS and HTTPS use GnuTLS and do not verify the self-signed certificate). Not rtmpdump as in the fan-out mode: librtmp 2.4 on GnuTLS fails the RTMP handshake after a TLS 1.3 handshake (it reads the session tickets that follow as an error); forced to TLS 1.2 it plays.");
        foreach (var v in variants)
            sb.AppendLine($"  - **{v.Name}**: {v.Description}.");
        sb.AppendLine($"- Method: {o.Repeats} rounds; in each, for each N, each variant in turn (order reversed every round): 5 s idle window (feed only), N players started, {o.WarmupSeconds} s warm-up (+1 s per 25 players), then a {o.Seconds} s window, players stopped, 2 s pause. " +
                      "**Gateway CPU** = utime+stime delta of the gateway PID (/proc/PID/stat, all threads). " +
                      "**Delivered** = sum of bytes_received of the players' TCP connections to the variant's port (kernel tcp_info via `ss -tip` at both ends of the window): what the gateway delivered, exact, TLS records included. " +
                      "**Media** = sum of the players' wchar deltas (/proc/PID/io: the FLV each wrote to /dev/null), a cross-check only: ffmpeg writes in bursts (~256 KiB per player), so it moves in steps of ~5% per window. " +
                      "**CPU s per delivered GB** = gateway CPU seconds / (delivered bytes / 1e9); **marginal** = the same with the idle window's CPU rate subtracted first. " +
                      "Every player must be running and have received data in the window, else the window is invalid and no ratio is shown for that N. Cells are medians over valid windows; ratios are TLS/plain, so **above 1.00x is what TLS costs**.");
        sb.AppendLine();
        foreach (var (plain, tls, question) in DeliveryVariant.Pairs)
        {
            if (!variants.Contains(plain) || !variants.Contains(tls)) continue;
            sb.AppendLine($"**{tls.Name} vs {plain.Name}**: {question}.");
            sb.AppendLine();
            sb.AppendLine(SideBySideTable.Render(windows, plain.Name, tls.Name, Columns, CpuPerGb));
            sb.AppendLine(PairedLine(windows, plain.Name, tls.Name, MarginalCpuPerGb));
            sb.AppendLine();
        }
        SideBySideSection.AppendWindows(sb, windows, "round, variant, N: gateway CPU ms/s, idle CPU ms/s, delivered (socket) Mbps, CPU s/GB, marginal CPU s/GB, socket/media bytes",
            w => F($"{w.CpuMsPerSecond:0.0} ms/s, idle {w.IdleCpuMsPerSecond:0.0} ms/s, {w.DeliveredMbps("wire"):0.0} Mbps, {CpuSecondsPerGb(w):0.00} s/GB, marginal {MarginalCpuSecondsPerGb(w):0.00} s/GB, socket/media {WireOverMedia(w):0.000}"));
        SideBySideSection.AppendCommands(sb, commands);
        return sb.ToString();
    }

    /// <summary>rtmp, rtmps, rtmp-mux: the variants run when --variants is not given.</summary>
    public const int DefaultVariantCount = 3;

    /// <summary>Per N, the median over rounds of subject/anchor of one column, both windows valid, same round.</summary>
    private static string PairedLine(IReadOnlyList<ViewerWindow> all, string anchor, string subject, Column column) =>
        $"Per-round paired ratio {subject}/{anchor} of \"{column.Header}\" (same round, both valid): " + string.Join("; ",
            all.Select(w => w.Viewers).Distinct().Order().Select(n =>
            {
                var paired = all.Where(w => w.Viewers == n && w.Server == subject && w.Valid)
                    .Join(all.Where(w => w.Viewers == n && w.Server == anchor && w.Valid), w => w.Round, w => w.Round,
                        (s, a) => column.Value(s) / column.Value(a))
                    .ToList();
                return paired.Count == 0 ? $"N={n}: n/a" : F($"N={n}: median {SideBySideTable.Median(paired):0.00}x ({paired.Min():0.00}..{paired.Max():0.00}, {paired.Count} rounds)");
            })) + ".";

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
