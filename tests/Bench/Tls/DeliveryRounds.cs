using System.Diagnostics;
using System.Globalization;
using InteropGateway.Bench.Servers;
using InteropGateway.Bench.SideBySide;
using InteropGateway.Bench.Srt;

namespace InteropGateway.Bench.Tls;

/// <summary>
/// The tls mode's alternating rounds (the pattern of <see cref="SideBySideRun"/> and the srt mode's
/// rounds, on one gateway): per round, per N, per variant (order flipped every round, so a change in
/// machine load hits every variant alike): an idle window (feed only), N ffmpeg players of the
/// variant's URL, a warm-up, the measured window, the players stopped, a pause.
/// Each window's PerViewer holds "wire" (tcp_info bytes_received: the delivered bytes) and "bytes" (media the player wrote, wchar).
/// </summary>
internal sealed class DeliveryRounds(
    ChildProcesses children, GatewayServer gateway, string streamKey, Action ensureFeedAlive,
    IReadOnlyList<DeliveryVariant> variants, int[] playerCounts, int rounds, TimeSpan warmup, TimeSpan window)
{
    private static readonly TimeSpan Teardown = TimeSpan.FromSeconds(2);

    public async Task<List<ViewerWindow>> RunAsync(CancellationToken ct)
    {
        var results = new List<ViewerWindow>();
        var started = new HashSet<string>();
        foreach (var (variant, n, round) in AlternatingOrder.Of(variants, playerCounts, rounds))
        {
            ct.ThrowIfCancellationRequested();
            var w = await MeasureAsync(variant, n, round, logCommand: started.Add(variant.Name), ct);
            results.Add(w);
            Console.WriteLine(F($"  round {round} {variant.Name,-9} N={n,3}: receiving {Receiving(w)}/{n}, cpu {w.CpuMsPerSecond,6:0.0} ms/s (idle {w.IdleCpuMsPerSecond:0.0}), ") + F(
                                $"{w.DeliveredMbps("wire"):0.0} Mbps, {TlsReport.CpuSecondsPerGb(w):0.00} s/GB (marginal {TlsReport.MarginalCpuSecondsPerGb(w):0.00}), ") + F(
                                $"socket/media {TlsReport.WireOverMedia(w):0.000}, players {w.ClientCpuMsPerSecond:0} ms/s, load {w.LoadAverage1:0.00}{(w.Valid ? "" : $"  INVALID: {w.Invalid}")}"));
            await Task.Delay(Teardown, ct);
        }
        return results;
    }

    public static int Receiving(ViewerWindow w) => w.PerViewer.Count(v => v.GetValueOrDefault("bytes") > 0 && v.GetValueOrDefault("wire") > 0);

    private async Task<ViewerWindow> MeasureAsync(DeliveryVariant variant, int n, int round, bool logCommand, CancellationToken ct)
    {
        var (idleCpu, idleRss) = await ServerUsage.IdleAsync(variant.Name, gateway.Pid, ensureFeedAlive, ct);

        using var players = new FfmpegPlayers(children);
        players.Start(variant.Url(gateway, streamKey), n, logCommand);
        // ffmpeg has no "ready" signal: one more second per 25 players to connect (and shake hands), as the fan-out mode does.
        await Task.Delay(warmup + TimeSpan.FromSeconds(n / 25), ct);
        ensureFeedAlive();
        var list = players.Players.ToList();
        var running = list.Count(p => !p.HasExited);
        var port = variant.Port(gateway);

        var clock = Stopwatch.StartNew();
        var wire0 = await SocketBytes.ReceivedByPidAsync(children, port);
        var wireStart = clock.Elapsed.TotalSeconds / 2; // ss reads somewhere inside its run: take the middle
        var before = PlayerCounters.Take(list);
        var cpu0 = ServerUsage.CpuMs(variant.Name, gateway.Pid);
        var watch = Stopwatch.StartNew();
        await Task.Delay(window, ct);
        var cpu1 = ServerUsage.CpuMs(variant.Name, gateway.Pid);
        var wall = watch.Elapsed.TotalSeconds;
        var after = PlayerCounters.Take(list);
        var ssStart = clock.Elapsed.TotalSeconds;
        var wire1 = await SocketBytes.ReceivedByPidAsync(children, port);
        var wireSpan = (ssStart + clock.Elapsed.TotalSeconds) / 2 - wireStart;
        var rss = ProcFs.RssMb(gateway.Pid) ?? double.NaN;
        var stillRunning = list.Count(p => !p.HasExited);
        ensureFeedAlive();

        var perViewer = PlayerCounters.BytesDelta(before, after);
        for (var i = 0; i < list.Count; i++)
        {
            var id = list[i].Id;
            // The two ss runs bracket the window by some tens of ms more than the other counters do (a process
            // start each); scaled to the window's length so wire and media bytes compare over the same time.
            perViewer[i]["wire"] = wire0.TryGetValue(id, out var b) && wire1.TryGetValue(id, out var a) ? (a - b) * wall / wireSpan : 0;
        }
        var w = new ViewerWindow(variant.Name, n, round, wall, cpu1 - cpu0, idleCpu, rss, idleRss, PlayerCounters.CpuDeltaMs(before, after),
            LoadAverage.OneMinute(), running, perViewer, wall, null);
        return w with { Invalid = Validate(w, stillRunning) };
    }

    /// <summary>Every player must be running and have received media in the window; otherwise the window gives no result.</summary>
    private static string? Validate(ViewerWindow w, int stillRunning)
    {
        var silent = w.PerViewer.Select((v, i) => (v, i))
            .Where(x => x.v.GetValueOrDefault("bytes") <= 0 || x.v.GetValueOrDefault("wire") <= 0).Select(x => x.i).ToList();
        if (silent.Count == 0 && stillRunning == w.Viewers) return null;
        return $"{silent.Count} player(s) received nothing (first: {string.Join(", ", silent.Take(5))}), {w.Viewers - stillRunning} exited";
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
