using InteropGateway.Bench.Peers;
using InteropGateway.Bench.Servers;
using InteropGateway.Bench.SideBySide;

namespace InteropGateway.Bench.H5;

/// <summary>
/// H5 fan-out benchmark: N WebSocket viewers (tests/Bench/node/h5-viewers.js) of one MPEG-1/MP2 TS
/// stream on our gateway (POST /h5/ingest, ws /h5/{app}/{stream}) and on a JSMpeg-style Node relay
/// (POST ingest, ws broadcast), side by side in the same run, alternating rounds.
/// Usage: dotnet run --project tests/Bench -c Release -- h5 [--viewers 200] [--rounds 3] [--seconds 15] [--warmup 5]
/// </summary>
internal static class H5Bench
{
    public static Task<int> RunAsync(BenchOptions options) => BenchSession.RunAsync(options.Mode, async (children, workDir, ct) =>
    {
        await Prerequisites.EnsureFfmpegAsync(children);
        await NodeModules.EnsureAsync(children, options.RepoRoot);
        var machine = MachineInfo.Describe();
        Console.WriteLine($"machine: {machine}");
        var loadBefore = LoadAverage.Text();
        var clip = await Mpeg1Clip.EnsureAsync(children, workDir);

        await using var gateway = new GatewayServer(children, options.RepoRoot, options.Build);
        await gateway.StartAsync();
        await using var gatewayFeed = new TsPostFeed(children, $"http://127.0.0.1:{gateway.HttpPort}/h5/ingest/live/bench");
        gatewayFeed.Start(clip);

        await using var relay = new JsmpegRelay(children);
        await relay.StartAsync();
        await using var relayFeed = new TsPostFeed(children, relay.IngestUrl);
        relayFeed.Start(clip);
        Console.WriteLine($"gateway pid {gateway.Pid} (http {gateway.HttpPort}); relay pid {relay.Pid} (ingest {relay.IngestPort}, ws {relay.WebSocketPort})");
        await Task.Delay(TimeSpan.FromSeconds(3), ct); // feeds connected, first GOP cached

        SideBySideTarget[] targets =
        [
            new(relay.Name, relay.Pid, (n, log) => new NodeLoadGenerator(children, "h5-viewers.js",
                ["--url", relay.ViewerUrl, "--viewers", $"{n}"], log), relayFeed.EnsureAlive),
            new("gateway", gateway.Pid, (n, log) => new NodeLoadGenerator(children, "h5-viewers.js",
                ["--url", $"ws://127.0.0.1:{gateway.HttpPort}/h5/live/bench", "--viewers", $"{n}"], log), gatewayFeed.EnsureAlive),
        ];
        var run = new SideBySideRun(targets, options.Viewers, options.Repeats, TimeSpan.FromSeconds(options.WarmupSeconds),
            TimeSpan.FromSeconds(options.Seconds), Validate);
        var windows = await run.RunAsync(ct);

        var versions = $"{await Versions.FfmpegAsync(children)}; node {await Versions.NodeAsync(children)}; ws as pinned in tests/Bench/node/package-lock.json; .NET {Environment.Version}";
        var section = H5Report.Section(options, machine, loadBefore, versions, windows, children.CommandLog.Distinct().ToList());
        await ResultsSection.PublishAsync(options.ResultsPath, H5Report.Heading, "h5-bench", "H5", section);
        return 0;
    });

    /// <summary>Every connection must still be open and have received data in the window.</summary>
    internal static string? Validate(ViewerWindow w)
    {
        var silent = w.PerViewer.Select((v, i) => (v, i)).Where(x => x.v.GetValueOrDefault("bytes") <= 0).Select(x => x.i).ToList();
        var closed = w.PerViewer.Count(v => v.GetValueOrDefault("open") < 0); // "open" delta -1: closed during the window
        if (silent.Count == 0 && closed == 0) return null;
        return $"{silent.Count} connection(s) received nothing (first: {string.Join(", ", silent.Take(5))}), {closed} closed during the window";
    }
}
