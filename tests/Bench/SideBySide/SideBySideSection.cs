using System.Globalization;
using System.Text;

namespace InteropGateway.Bench.SideBySide;

/// <summary>
/// The parts every side-by-side section of RESULTS.md has: the conditions at its top (date, machine,
/// machine load, versions, the run's command line), the invalid and per-window lists under the table,
/// the commands block. Each mode adds its own description lines, table columns and extras between them.
/// </summary>
internal static class SideBySideSection
{
    /// <param name="loadNote">what the load figure is, in the parentheses after "Machine load"</param>
    public static void AppendConditions(StringBuilder sb, BenchOptions o, string machine, string loadNote, string loadBefore, string versions,
        IReadOnlyList<ViewerWindow> windows)
    {
        var loads = windows.Select(w => w.LoadAverage1).Order().ToArray();
        sb.AppendLine($"- Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        sb.AppendLine($"- Machine: {machine}");
        sb.AppendLine(F($"- Machine load ({loadNote}): {loadBefore} before the run; during the measured windows min {loads.FirstOrDefault():0.00}, median {SideBySideTable.Median(loads):0.00}, max {loads.LastOrDefault():0.00}; {LoadAverage.Text()} at the end."));
        sb.AppendLine($"- Versions: {versions}");
        sb.AppendLine($"- Run: `dotnet run --project tests/Bench -c Release -- {o.Mode} --viewers {string.Join(',', o.Viewers)} --rounds {o.Repeats} --seconds {o.Seconds} --warmup {o.WarmupSeconds}`");
    }

    /// <summary>The invalid windows (if any), then every window, one line each: "r1 server N=10: {figures}, load 1.23".</summary>
    public static void AppendWindows(StringBuilder sb, IReadOnlyList<ViewerWindow> windows, string caption, Func<ViewerWindow, string> figures)
    {
        var invalid = windows.Where(w => !w.Valid).ToList();
        if (invalid.Count > 0)
        {
            sb.AppendLine("Invalid windows (left out of the medians):");
            sb.AppendLine();
            foreach (var w in invalid) sb.AppendLine($"- {w.Server}, round {w.Round}, N={w.Viewers}: {w.Invalid}");
            sb.AppendLine();
        }
        sb.AppendLine($"Every window ({caption}, load):");
        sb.AppendLine();
        foreach (var w in windows)
            sb.AppendLine(F($"- r{w.Round} {w.Server} N={w.Viewers}: {figures(w)}, load {w.LoadAverage1:0.00}{(w.Valid ? "" : " (invalid)")}"));
        sb.AppendLine();
    }

    public static void AppendCommands(StringBuilder sb, IReadOnlyList<string> commands)
    {
        sb.AppendLine("Commands (first of each kind; ports are picked per run in 30000-39999):");
        sb.AppendLine();
        sb.AppendLine("```sh");
        foreach (var c in commands) sb.AppendLine(c);
        sb.AppendLine("```");
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
