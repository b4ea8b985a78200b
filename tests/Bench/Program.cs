using InteropGateway.Bench;
using InteropGateway.Bench.Servers;

// RTMP fan-out benchmark: our gateway side by side with nginx-rtmp (DESIGN.md §4: benchmarks are not tests).
// Usage: dotnet run --project tests/Bench -c Release -- --viewers 1,10,50 --seconds 15
//        dotnet run --project tests/Bench -c Release -- transcode [--seconds 20] [--repeats 5]   (transcoding branches vs the ffmpeg CLI)
//        dotnet run --project tests/Bench -c Release -- whep [--viewers 10,25] [--rounds 3]     (WHEP viewers vs Janus)
//        dotnet run --project tests/Bench -c Release -- h5 [--viewers 200] [--rounds 3]         (H5 WebSocket viewers vs a JSMpeg-style relay)
//        dotnet run --project tests/Bench -c Release -- srt [--viewers 1,20,50] [--rounds 3]    (SRT ingest vs RTMP ingest, N RTMP players)
//        dotnet run --project tests/Bench -c Release -- tls [--viewers 20,50] [--rounds 3] [--seconds 12]   (RTMPS on the TLS port vs plain RTMP, N ffmpeg players;
//                                                          --variants rtmp,rtmps,rtmp-mux,http-flv,https-flv)

BenchOptions options;
try { options = BenchOptions.Parse(args); }
catch (Exception e) when (e is ArgumentException or FormatException) { Console.Error.WriteLine(e.Message); return 2; }
if (options.Mode == BenchOptions.TranscodeMode)
    return await InteropGateway.Bench.Transcode.TranscodeBench.RunAsync(options);
if (options.Mode == BenchOptions.WhepMode)
    return await InteropGateway.Bench.Whep.WhepBench.RunAsync(options, args);
if (options.Mode == BenchOptions.H5Mode)
    return await InteropGateway.Bench.H5.H5Bench.RunAsync(options);
if (options.Mode == BenchOptions.SrtMode)
    return await InteropGateway.Bench.Srt.SrtBench.RunAsync(options);
if (options.Mode == BenchOptions.TlsMode)
    return await InteropGateway.Bench.Tls.TlsBench.RunAsync(options);

using var children = new ChildProcesses();
using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); children.KillAll(); };

var workDir = Directory.CreateTempSubdirectory("igw-bench-").FullName;
try
{
    await Prerequisites.EnsureAsync(children);
    Console.WriteLine($"machine: {MachineInfo.Describe()}");
    Console.WriteLine("making clip ...");
    var clip = await Clip.EnsureAsync(children, workDir);

    var results = new List<Measurement>();
    var nginxConf = "";
    foreach (var name in options.Servers)
    {
        await using IRtmpServer server = name switch
        {
            "nginx" => new NginxRtmpServer(children, workDir),
            "gateway" => new GatewayServer(children, options.RepoRoot, options.Build),
            _ => throw new ArgumentException($"unknown server {name}"),
        };
        await server.StartAsync();
        if (server is NginxRtmpServer n) nginxConf = n.ConfigText;
        Console.WriteLine($"{server.Name}: pid {server.Pid}, rtmp port {server.RtmpPort}");
        await using var load = new Load(children, server.RtmpPort);
        load.StartPublisher(clip);
        await Task.Delay(TimeSpan.FromSeconds(3), cts.Token); // publisher connected and first GOP cached
        load.EnsurePublisherAlive();

        // N=0: publisher only, the ingest baseline that fan-out cost is measured on top of.
        var baseline = await Measurement.TakeAsync(server.Name, server.Pid, [], TimeSpan.FromSeconds(options.Seconds), cts.Token);
        results.Add(baseline);
        Console.WriteLine($"  N=   0: cpu {baseline.CpuMsPerSecond,7:0.0} ms/s (publisher only), rss {baseline.RssMb:0.0} MB");

        foreach (var viewers in options.Viewers)
        {
            load.StartPlayers(viewers);
            await Task.Delay(TimeSpan.FromSeconds(options.WarmupSeconds + viewers / 25), cts.Token);
            load.EnsurePublisherAlive();
            var m = await Measurement.TakeAsync(server.Name, server.Pid, load.Players, TimeSpan.FromSeconds(options.Seconds), cts.Token);
            load.EnsurePublisherAlive();
            results.Add(m);
            Console.WriteLine($"  N={viewers,4}: cpu {m.CpuMsPerSecond,7:0.0} ms/s, {m.DeliveredMbps,7:0.0} Mbps delivered, " +
                              $"{m.CpuMsPerSecondPerMbps:0.000} ms/s per Mbps, rss {m.RssMb:0.0} MB, players ok {m.PlayersAlive}/{viewers}");
            load.StopPlayers();
            await Task.Delay(TimeSpan.FromSeconds(2), cts.Token); // let the server tear sessions down
        }
    }

    var table = Report.Tables(results, anchor: "nginx-rtmp", subject: "gateway");
    Console.WriteLine();
    Console.WriteLine(table);
    var versions = await Versions.DescribeAsync(children);
    await ResultsFile.WriteAsync(options.ResultsPath, options, table, children.CommandLog.Distinct(), versions, nginxConf);
    Console.WriteLine($"wrote {options.ResultsPath}");
    return 0;
}
catch (OperationCanceledException) when (cts.IsCancellationRequested)
{
    Console.Error.WriteLine("cancelled");
    return 130;
}
catch (Exception e)
{
    Console.Error.WriteLine($"bench failed: {e.Message}");
    return 1;
}
finally
{
    children.KillAll();
    try { Directory.Delete(workDir, recursive: true); } catch (IOException) { }
}
