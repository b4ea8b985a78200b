using System.Globalization;
using InteropGateway.Bench.SideBySide;

namespace InteropGateway.Bench.Srt;

/// <summary>
/// The no-player ingest cost of each side: every idle window (feed only, measured just before each
/// window's players start) does not depend on N, so all of them are pooled; median per side, the
/// ratio of medians, and the paired ratio of idle windows taken in the same round at the same N.
/// </summary>
internal static class IngestCostSummary
{
    public static string Line(IReadOnlyList<ViewerWindow> all, string anchor, string subject)
    {
        var a = all.Where(w => w.Server == anchor).Select(w => w.IdleCpuMsPerSecond).ToList();
        var s = all.Where(w => w.Server == subject).Select(w => w.IdleCpuMsPerSecond).ToList();
        var paired = all.Where(w => w.Server == subject)
            .Join(all.Where(w => w.Server == anchor), w => (w.Round, w.Viewers), w => (w.Round, w.Viewers),
                (x, y) => x.IdleCpuMsPerSecond / y.IdleCpuMsPerSecond)
            .Where(r => !double.IsNaN(r) && !double.IsInfinity(r)).ToList();
        double ma = SideBySideTable.Median(a), ms = SideBySideTable.Median(s);
        var ratio = ma > 0 ? F($"**{ms / ma:0.00}x**") : "n/a";
        var pairedText = paired.Count == 0 ? "n/a" : F($"median {SideBySideTable.Median(paired):0.00}x ({paired.Min():0.00}..{paired.Max():0.00}, {paired.Count} pairs)");
        return F($"**No-player ingest cost** (gateway CPU with the feed only, 5 s idle window before every measured window, all {a.Count}+{s.Count} idle windows pooled): ") +
               F($"{anchor} {ma:0.0} ms/s ({Range(a)}), {subject} {ms:0.0} ms/s ({Range(s)}); {subject}/{anchor} {ratio}; paired per round and N: {pairedText}.");
    }

    private static string Range(List<double> v) => v.Count == 0 ? "n/a" : F($"{v.Min():0.0}..{v.Max():0.0}");

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
