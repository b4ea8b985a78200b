using System.Globalization;
using System.Text;

namespace InteropGateway.Bench;

/// <summary>Formats the per-N comparison tables (gateway vs nginx-rtmp, with ratios) as Markdown.</summary>
internal static class Report
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Tables(IReadOnlyList<Measurement> all, string anchor, string subject)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| N | server | players ok | delivered Mbps | CPU ms/s | CPU ms/s per viewer | marginal CPU ms/s per viewer | CPU ms/s per Mbps | RSS MB (peak) | players' CPU ms/s |");
        sb.AppendLine("|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|");
        Measurement? Baseline(string server) => all.FirstOrDefault(m => m.Viewers == 0 && m.Server == server);
        foreach (var n in all.Select(m => m.Viewers).Distinct())
        {
            var a = all.FirstOrDefault(m => m.Viewers == n && m.Server == anchor);
            var s = all.FirstOrDefault(m => m.Viewers == n && m.Server == subject);
            foreach (var m in new[] { a, s })
                if (m != null)
                    sb.AppendLine(F($"| {n} | {m.Server} | {m.PlayersAlive}/{m.Viewers} | {m.DeliveredMbps:0.0} | {m.CpuMsPerSecond:0.0} | {Num(m.CpuMsPerSecondPerViewer, "0.00")} | {Num(m.MarginalCpuPerViewer(Baseline(m.Server)), "0.00")} | {Num(m.CpuMsPerSecondPerMbps, "0.000")} | {m.RssMb:0.0} ({m.PeakRssMb:0.0}) | {m.PlayersCpuMs / m.WallSeconds:0} |"));
            if (a != null && s != null)
                sb.AppendLine(F($"| {n} | **{subject}/{anchor}** | | {Ratio(s.DeliveredMbps, a.DeliveredMbps)} | {Ratio(s.CpuMsPerSecond, a.CpuMsPerSecond)} | {Ratio(s.CpuMsPerSecondPerViewer, a.CpuMsPerSecondPerViewer)} | {Ratio(s.MarginalCpuPerViewer(Baseline(subject)), a.MarginalCpuPerViewer(Baseline(anchor)))} | **{Ratio(s.CpuMsPerSecondPerMbps, a.CpuMsPerSecondPerMbps)}** | {Ratio(s.RssMb, a.RssMb)} | |"));
        }
        return sb.ToString();
    }

    private static string Ratio(double x, double y) => y > 0 && !double.IsNaN(x) && !double.IsNaN(y) ? (x / y).ToString("0.00", Inv) + "x" : "n/a";

    private static string Num(double x, string format) => double.IsNaN(x) ? "n/a" : x.ToString(format, Inv);

    private static string F(FormattableString s) => s.ToString(Inv);
}
