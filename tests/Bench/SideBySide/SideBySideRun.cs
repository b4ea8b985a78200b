using System.Diagnostics;
using System.Globalization;

namespace InteropGateway.Bench.SideBySide;

/// <summary>
/// Runs two servers side by side in repeated short rounds, alternating which one goes first, so
/// that a change in machine load (other work on a shared 2-core machine) hits both alike. Per round,
/// per viewer count, per server: an idle window (feed only), N viewers started, a warm-up, then the
/// measured window (server CPU from /proc/PID/stat, RSS, the load generator's CPU, per-viewer
/// counters from the load generator at both ends), the viewers stopped, a pause for teardown.
/// </summary>
internal sealed class SideBySideRun(
    IReadOnlyList<SideBySideTarget> targets, int[] viewerCounts, int rounds, TimeSpan warmup, TimeSpan window,
    Func<ViewerWindow, string?> validate)
{
    private static readonly TimeSpan Teardown = TimeSpan.FromSeconds(3);

    public async Task<List<ViewerWindow>> RunAsync(CancellationToken ct)
    {
        var results = new List<ViewerWindow>();
        var started = new HashSet<string>();
        foreach (var (target, n, round) in AlternatingOrder.Of(targets, viewerCounts, rounds))
        {
            ct.ThrowIfCancellationRequested();
            var w = await MeasureAsync(target, n, round, logCommand: started.Add(target.Name), ct);
            results.Add(w);
            Console.WriteLine(F($"  round {round} {target.Name,-10} N={n,3}: connected {w.Connected}/{n}, cpu {w.CpuMsPerSecond,6:0.0} ms/s (idle {w.IdleCpuMsPerSecond:0.0}), ") + F(
                                $"{w.CpuMsPerSecondPerViewer:0.00} ms/s per viewer, rss {w.RssMb:0.0} MB (idle {w.IdleRssMb:0.0}), client {w.ClientCpuMsPerSecond:0} ms/s, ") + F(
                                $"load {w.LoadAverage1:0.00}{(w.Valid ? "" : $"  INVALID: {w.Invalid}")}"));
            await Task.Delay(Teardown, ct);
        }
        return results;
    }

    private async Task<ViewerWindow> MeasureAsync(SideBySideTarget target, int n, int round, bool logCommand, CancellationToken ct)
    {
        var (idleCpu, idleRss) = await ServerUsage.IdleAsync(target.Name, target.Pid, target.EnsureFeedAlive, ct);

        await using var load = target.StartViewers(n, logCommand);
        var ready = await load.WaitForAsync("ready", TimeSpan.FromSeconds(30 + n));
        var connected = ready.GetProperty("connected").GetInt32();
        var errors = string.Join("; ", ready.GetProperty("errors").EnumerateArray().Select(e => e.GetString()));
        await Task.Delay(warmup, ct);
        target.EnsureFeedAlive();

        var statsTimeout = TimeSpan.FromSeconds(20 + n / 2);
        var before = await load.StatsAsync(statsTimeout);
        var statsWatch = Stopwatch.StartNew();
        var cpu0 = Cpu(target);
        var client0 = ProcFs.CpuMs(load.Pid) ?? double.NaN;
        var watch = Stopwatch.StartNew();
        await Task.Delay(window, ct);
        var cpu1 = Cpu(target);
        var client1 = ProcFs.CpuMs(load.Pid) ?? double.NaN;
        var wall = watch.Elapsed.TotalSeconds;
        var rss = ProcFs.RssMb(target.Pid) ?? double.NaN;
        var after = await load.StatsAsync(statsTimeout);
        var statsSeconds = statsWatch.Elapsed.TotalSeconds;
        target.EnsureFeedAlive();

        var deltas = after.Zip(before, (a, b) => a.ToDictionary(kv => kv.Key, kv => kv.Value - b.GetValueOrDefault(kv.Key))).ToList();
        var w = new ViewerWindow(target.Name, n, round, wall, cpu1 - cpu0, idleCpu, rss, idleRss, client1 - client0,
            LoadAverage.OneMinute(), connected, deltas, statsSeconds, null);
        var invalid = connected < n ? $"{n - connected} viewer(s) never connected ({errors})" : validate(w);
        return w with { Invalid = invalid };
    }

    private static double Cpu(SideBySideTarget target) => ServerUsage.CpuMs(target.Name, target.Pid);

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
