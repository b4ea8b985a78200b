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
    public static async Task<int> RunAsync(BenchOptions options)
    {
        using var children = new ChildProcesses();
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); children.KillAll(); };
        var workDir = Directory.CreateTempSubdirectory("igw-h5-bench-").FullName;
        try
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
            await Task.Delay(TimeSpan.FromSeconds(3), cts.Token); // feeds connected, first GOP cached

            SideBySideTarget[] targets =
            [
                new(relay.Name, relay.Pid, (n, log) => new NodeLoadGenerator(children, "h5-viewers.js",
                    ["--url", relay.ViewerUrl, "--viewers", $"{n}"], log), relayFeed.EnsureAlive),
                new("gateway", gateway.Pid, (n, log) => new NodeLoadGenerator(children, "h5-viewers.js",
                    ["--url", $"ws://127.0.0.1:{gateway.HttpPort}/h5/live/bench", "--viewers", $"{n}"], log), gatewayFeed.EnsureAlive),
            ];
            var run = new SideBySideRun(targets, options.Viewers, options.Repeats, TimeSpan.FromSeconds(options.WarmupSeconds),
                TimeSpan.FromSeconds(options.Seconds), Validate);
            var windows = await run.RunAsync(cts.Token);

            var (_, node) = await children.RunAsync("node", ["--version"], TimeSpan.FromSeconds(10), logCommand: false);
            var (_, ffmpeg) = await children.RunAsync("ffmpeg", ["-hide_banner", "-version"], TimeSpan.FromSeconds(10), logCommand: false);
            var versions = $"{ffmpeg.Split('\n')[0].Trim()}; node {node.Trim()}; ws as pinned in tests/Bench/node/package-lock.json; .NET {Environment.Version}";
            var section = H5Report.Section(options, machine, loadBefore, versions, windows, children.CommandLog.Distinct().ToList());
            Console.WriteLine();
            Console.WriteLine(section);
            await ResultsSection.WriteAsync(options.ResultsPath, H5Report.Heading, "h5-bench", section);
            Console.WriteLine($"wrote the H5 section of {options.ResultsPath}");
            return 0;
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            Console.Error.WriteLine("cancelled");
            return 130;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"h5 bench failed: {e}");
            return 1;
        }
        finally
        {
            children.KillAll();
            try { Directory.Delete(workDir, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>Every connection must still be open and have received data in the window.</summary>
    internal static string? Validate(ViewerWindow w)
    {
        var silent = w.PerViewer.Select((v, i) => (v, i)).Where(x => x.v.GetValueOrDefault("bytes") <= 0).Select(x => x.i).ToList();
        var closed = w.PerViewer.Count(v => v.GetValueOrDefault("open") < 0); // "open" delta -1: closed during the window
        if (silent.Count == 0 && closed == 0) return null;
        return $"{silent.Count} connection(s) received nothing (first: {string.Join(", ", silent.Take(5))}), {closed} closed during the window";
    }
}
