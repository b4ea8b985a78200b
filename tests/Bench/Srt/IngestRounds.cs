using System.Diagnostics;
using System.Globalization;
using InteropGateway.Bench.SideBySide;

namespace InteropGateway.Bench.Srt;

/// <summary>
/// The srt mode's alternating rounds (the pattern of <see cref="SideBySideRun"/>, with rtmpdump
/// players instead of a Node load generator): per round, per N, per target (order flipped every
/// round, so a change in machine load hits both alike): an idle window (feed only: the ingest cost
/// with no player), N players started, a warm-up, the measured window, the players stopped, a pause.
/// Produces <see cref="ViewerWindow"/>s so the side-by-side table renders them.
/// </summary>
internal sealed class IngestRounds(IReadOnlyList<IngestTarget> targets, int[] playerCounts, int rounds, TimeSpan warmup, TimeSpan window)
{
    private static readonly TimeSpan Teardown = TimeSpan.FromSeconds(2);

    public async Task<List<ViewerWindow>> RunAsync(CancellationToken ct)
    {
        var results = new List<ViewerWindow>();
        foreach (var (target, n, round) in AlternatingOrder.Of(targets, playerCounts, rounds))
        {
            ct.ThrowIfCancellationRequested();
            var w = await MeasureAsync(target, n, round, ct);
            results.Add(w);
            Console.WriteLine(F($"  round {round} {target.Name,-11} N={n,3}: receiving {Receiving(w)}/{n}, cpu {w.CpuMsPerSecond,6:0.0} ms/s (no players {w.IdleCpuMsPerSecond:0.0}), ") + F(
                                $"{w.DeliveredMbps("bytes"):0.0} Mbps, {w.CpuMsPerSecond / w.DeliveredMbps("bytes"):0.000} ms/s per Mbps, rss {w.RssMb:0.0} MB, players {w.ClientCpuMsPerSecond:0} ms/s, ") + F(
                                $"load {w.LoadAverage1:0.00}{(w.Valid ? "" : $"  INVALID: {w.Invalid}")}"));
            await Task.Delay(Teardown, ct);
        }
        return results;
    }

    public static int Receiving(ViewerWindow w) => w.PerViewer.Count(v => v.GetValueOrDefault("bytes") > 0);

    private async Task<ViewerWindow> MeasureAsync(IngestTarget target, int n, int round, CancellationToken ct)
    {
        var (idleCpu, idleRss) = await ServerUsage.IdleAsync(target.Name, target.Pid, target.EnsureFeedAlive, ct);

        target.Players.StartPlayers(n);
        try
        {
            // rtmpdump has no "ready" signal: give each 25 players one more second to connect, as the fan-out mode does.
            await Task.Delay(warmup + TimeSpan.FromSeconds(n / 25), ct);
            target.EnsureFeedAlive();
            var players = target.Players.Players.ToList();
            var running = players.Count(p => !p.HasExited);

            var before = PlayerCounters.Take(players);
            var cpu0 = Cpu(target);
            var watch = Stopwatch.StartNew();
            await Task.Delay(window, ct);
            var cpu1 = Cpu(target);
            var after = PlayerCounters.Take(players);
            var wall = watch.Elapsed.TotalSeconds;
            var rss = ProcFs.RssMb(target.Pid) ?? double.NaN;
            var stillRunning = players.Count(p => !p.HasExited);
            target.EnsureFeedAlive();

            var w = new ViewerWindow(target.Name, n, round, wall, cpu1 - cpu0, idleCpu, rss, idleRss, PlayerCounters.CpuDeltaMs(before, after),
                LoadAverage.OneMinute(), running, PlayerCounters.BytesDelta(before, after), wall, null);
            return w with { Invalid = Validate(w, stillRunning) };
        }
        finally
        {
            target.Players.StopPlayers();
        }
    }

    /// <summary>Every player must be running and have received data in the window; otherwise the window gives no result.</summary>
    private static string? Validate(ViewerWindow w, int stillRunning)
    {
        var silent = w.PerViewer.Select((v, i) => (v, i)).Where(x => x.v.GetValueOrDefault("bytes") <= 0).Select(x => x.i).ToList();
        if (silent.Count == 0 && stillRunning == w.Viewers) return null;
        return $"{silent.Count} player(s) received nothing (first: {string.Join(", ", silent.Take(5))}), {w.Viewers - stillRunning} exited";
    }

    private static double Cpu(IngestTarget target) => ServerUsage.CpuMs(target.Name, target.Pid);

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
