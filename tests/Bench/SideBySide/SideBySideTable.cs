using System.Globalization;
using System.Text;

namespace InteropGateway.Bench.SideBySide;

/// <summary>
/// The Markdown table of a side-by-side run: per viewer count, one row per server with the median
/// of each column over that server's valid windows, then the subject/anchor ratio of the medians,
/// and the per-round paired ratio of the headline column (both servers valid in that round).
/// No ratio when a server has an invalid window at that N (a viewer got nothing, or never connected).
/// </summary>
internal static class SideBySideTable
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Render(IReadOnlyList<ViewerWindow> all, string anchor, string subject, IReadOnlyList<Column> columns, Column headline)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| N | server | valid windows | " + string.Join(" | ", columns.Select(c => c.Header)) + " |");
        sb.AppendLine("|--:|---|--:|" + string.Concat(columns.Select(_ => "--:|")));
        foreach (var n in all.Select(w => w.Viewers).Distinct().Order())
        {
            var a = all.Where(w => w.Viewers == n && w.Server == anchor).ToList();
            var s = all.Where(w => w.Viewers == n && w.Server == subject).ToList();
            foreach (var (name, windows) in new[] { (anchor, a), (subject, s) })
            {
                var valid = windows.Where(w => w.Valid).ToList();
                sb.AppendLine($"| {n} | {name} | {valid.Count}/{windows.Count} | " +
                              string.Join(" | ", columns.Select(c => Num(Median(valid.Select(c.Value)), c.Format))) + " |");
            }
            var refused = a.Concat(s).Where(w => !w.Valid).ToList();
            if (refused.Count > 0)
            {
                sb.AppendLine($"| {n} | **{subject}/{anchor}** | | no ratio: {refused.Count} window(s) with a viewer that got nothing: " +
                              string.Join("; ", refused.Select(w => $"{w.Server} round {w.Round}: {w.Invalid}")).Replace("|", "/") + " |");
                continue;
            }
            sb.AppendLine($"| {n} | **{subject}/{anchor}** | | " + string.Join(" | ", columns.Select(c =>
            {
                if (!c.Ratio) return "";
                var r = Ratio(Median(s.Select(c.Value)), Median(a.Select(c.Value)));
                return c.Bold ? $"**{r}**" : r;
            })) + " |");
        }
        sb.AppendLine();
        sb.AppendLine($"Per-round paired ratio {subject}/{anchor} of \"{headline.Header}\" (same round, both valid): " + string.Join("; ",
            all.Select(w => w.Viewers).Distinct().Order().Select(n =>
            {
                var paired = all.Where(w => w.Viewers == n && w.Server == subject && w.Valid)
                    .Join(all.Where(w => w.Viewers == n && w.Server == anchor && w.Valid), w => w.Round, w => w.Round,
                        (s, a) => headline.Value(s) / headline.Value(a))
                    .ToList();
                return paired.Count == 0 ? $"N={n}: n/a" : F($"N={n}: median {Median(paired):0.00}x ({paired.Min():0.00}..{paired.Max():0.00}, {paired.Count} rounds)");
            })) + ".");
        return sb.ToString();
    }

    /// <summary>
    /// One column in round 1 only, both servers, per N: for memory, the later rounds mostly measure
    /// reuse of what round 1 grew (a runtime rarely gives heap back), so round 1 is the cost of a session.
    /// </summary>
    public static string FirstRound(IReadOnlyList<ViewerWindow> all, string anchor, string subject, Column column) =>
        $"Round 1 only (fresh processes), \"{column.Header}\": " + string.Join("; ",
            all.Select(w => w.Viewers).Distinct().Order().Select(n =>
            {
                var a = all.FirstOrDefault(w => w.Viewers == n && w.Server == anchor && w.Round == 1);
                var s = all.FirstOrDefault(w => w.Viewers == n && w.Server == subject && w.Round == 1);
                if (a is null || s is null) return $"N={n}: n/a";
                return F($"N={n}: {anchor} {Num(column.Value(a), column.Format)}, {subject} {Num(column.Value(s), column.Format)}, ratio {Ratio(column.Value(s), column.Value(a))}");
            })) + ".";

    public static double Median(IEnumerable<double> values)
    {
        var v = values.Where(x => !double.IsNaN(x)).Order().ToArray();
        if (v.Length == 0) return double.NaN;
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }

    private static string Ratio(double x, double y) => y > 0 && !double.IsNaN(x) && !double.IsNaN(y) ? F($"{x / y:0.00}x") : "n/a";

    private static string Num(double x, string format) => double.IsNaN(x) ? "n/a" : x.ToString(format, Inv);

    private static string F(FormattableString s) => s.ToString(Inv);
}
