using System.Diagnostics;

namespace InteropGateway.Bench;

/// <summary>One measured window for one server at one viewer count.</summary>
internal sealed record Measurement(
    string Server, int Viewers, int PlayersAlive, double WallSeconds, double ServerCpuMs, double RssMb,
    double PeakRssMb, long DeliveredBytes, double PlayersCpuMs)
{
    public double CpuMsPerSecond => ServerCpuMs / WallSeconds;
    public double DeliveredMbps => DeliveredBytes * 8 / 1e6 / WallSeconds;
    public double CpuMsPerSecondPerMbps => DeliveredMbps > 0 ? CpuMsPerSecond / DeliveredMbps : double.NaN;
    public double CpuMsPerSecondPerViewer => Viewers > 0 ? CpuMsPerSecond / Viewers : double.NaN;

    /// <summary>Fan-out cost only: CPU above the publisher-only baseline, per viewer.</summary>
    public double MarginalCpuPerViewer(Measurement? baseline) =>
        Viewers > 0 && baseline != null ? (CpuMsPerSecond - baseline.CpuMsPerSecond) / Viewers : double.NaN;

    /// <summary>Samples server CPU and players' written bytes at both ends of a window of the given length.</summary>
    public static async Task<Measurement> TakeAsync(string server, int serverPid, IReadOnlyList<Process> players,
        TimeSpan window, CancellationToken ct)
    {
        var cpu0 = ProcFs.CpuMs(serverPid) ?? throw new InvalidOperationException($"{server} is gone");
        var bytes0 = players.Select(p => ProcFs.WrittenBytes(p.Id)).ToArray();
        var pcpu0 = players.Select(p => ProcFs.CpuMs(p.Id)).ToArray();
        var sw = Stopwatch.StartNew();
        await Task.Delay(window, ct);
        var cpu1 = ProcFs.CpuMs(serverPid) ?? throw new InvalidOperationException($"{server} died during the window");
        var wall = sw.Elapsed.TotalSeconds;
        var rss = ProcFs.RssMb(serverPid) ?? double.NaN;
        var peak = ProcFs.PeakRssMb(serverPid) ?? double.NaN;
        long delivered = 0;
        double playersCpu = 0;
        var alive = 0;
        for (var i = 0; i < players.Count; i++)
        {
            var b1 = ProcFs.WrittenBytes(players[i].Id);
            var c1 = ProcFs.CpuMs(players[i].Id);
            if (b1 is null || bytes0[i] is null || c1 is null || pcpu0[i] is null) continue; // player gone: counts 0
            var got = b1.Value - bytes0[i]!.Value;
            if (got > 0 && !players[i].HasExited) alive++;
            delivered += got;
            playersCpu += c1.Value - pcpu0[i]!.Value;
        }
        return new Measurement(server, players.Count, alive, wall, cpu1 - cpu0, rss, peak, delivered, playersCpu);
    }
}
