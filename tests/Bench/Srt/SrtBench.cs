using InteropGateway.Bench.Servers;
using InteropGateway.Bench.SideBySide;

namespace InteropGateway.Bench.Srt;

/// <summary>
/// SRT ingest benchmark (the native UDP issue's): the fan-out clip published once over SRT (MPEG-TS)
/// and once over RTMP (FLV), each to its own fresh gateway process, each played by N RTMP players
/// (rtmpdump); gateway CPU per delivered Mbps and the no-player ingest cost, side by side in the same
/// run with alternating rounds, reported as the ratio SRT/RTMP per N.
/// Usage: dotnet run --project tests/Bench -c Release -- srt [--viewers 1,20,50] [--rounds 3] [--seconds 15] [--warmup 4] [--no-build]
/// </summary>
internal static class SrtBench
{
    private const string RtmpStream = "live/rtmp", SrtStream = "live/srt";

    public static async Task<int> RunAsync(BenchOptions options)
    {
        using var children = new ChildProcesses();
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); children.KillAll(); };
        var workDir = Directory.CreateTempSubdirectory("igw-srt-bench-").FullName;
        try
        {
            await Prerequisites.EnsureAsync(children);
            var machine = MachineInfo.Describe();
            Console.WriteLine($"machine: {machine}");
            var loadBefore = LoadAverage.Text();
            Console.WriteLine($"load average: {loadBefore}");
            var clip = await Clip.EnsureAsync(children, workDir);
            if (options.Build) await GatewayServer.BuildAsync(children, options.RepoRoot); // once for both processes

            await using var rtmpGateway = new GatewayServer(children, options.RepoRoot, build: false);
            await rtmpGateway.StartAsync();
            await using var rtmpSide = new Load(children, rtmpGateway.RtmpPort, RtmpStream);
            rtmpSide.StartPublisher(clip);

            await using var srtGateway = new GatewayServer(children, options.RepoRoot, build: false);
            await srtGateway.StartAsync();
            await using var srtFeed = new SrtFeed(children, srtGateway.SrtPort, SrtStream);
            srtFeed.Start(clip);
            await using var srtSide = new Load(children, srtGateway.RtmpPort, SrtStream);
            Console.WriteLine($"rtmp-ingest gateway pid {rtmpGateway.Pid} (rtmp {rtmpGateway.RtmpPort}); srt-ingest gateway pid {srtGateway.Pid} (srt {srtGateway.SrtPort}/udp, rtmp {srtGateway.RtmpPort})");

            var feedTimeout = TimeSpan.FromSeconds(20);
            await StreamReady.WaitAsync(rtmpGateway.HttpPort, RtmpStream, feedTimeout, rtmpSide.EnsurePublisherAlive, cts.Token);
            await StreamReady.WaitAsync(srtGateway.HttpPort, SrtStream, feedTimeout, srtFeed.EnsureAlive, cts.Token);
            // A full GOP cached on both, and both processes past tiered JIT's recompiles of the ingest path,
            // which would otherwise land in round 1's first window only.
            await Task.Delay(TimeSpan.FromSeconds(10), cts.Token);

            IngestTarget[] targets =
            [
                new(SrtReport.Anchor, rtmpGateway, RtmpStream, rtmpSide, rtmpSide.EnsurePublisherAlive),
                new(SrtReport.Subject, srtGateway, SrtStream, srtSide, srtFeed.EnsureAlive),
            ];
            var run = new IngestRounds(targets, options.Viewers, options.Repeats, TimeSpan.FromSeconds(options.WarmupSeconds),
                TimeSpan.FromSeconds(options.Seconds));
            var windows = await run.RunAsync(cts.Token);

            var link = await StreamReady.PublisherAsync(srtGateway.HttpPort, SrtStream);
            var section = SrtReport.Section(options, machine, loadBefore, await VersionsAsync(children), windows,
                children.CommandLog.Distinct().ToList(), link?.Publisher ?? "(stream not listed)");
            Console.WriteLine();
            Console.WriteLine(section);
            await ResultsSection.WriteAsync(options.ResultsPath, SrtReport.Heading, "srt-bench", section);
            Console.WriteLine($"wrote the SRT section of {options.ResultsPath}");
            return 0;
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            Console.Error.WriteLine("cancelled");
            return 130;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"srt bench failed: {e}");
            return 1;
        }
        finally
        {
            children.KillAll();
            try { Directory.Delete(workDir, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task<string> VersionsAsync(ChildProcesses children)
    {
        var (_, ffmpeg) = await children.RunAsync("ffmpeg", ["-hide_banner", "-version"], TimeSpan.FromSeconds(10), logCommand: false);
        var (_, pkgs) = await children.RunAsync("dpkg-query", ["-W", "-f", "${Package} ${Version}; ", "libsrt1.5-openssl", "rtmpdump"],
            TimeSpan.FromSeconds(10), logCommand: false);
        return $"{ffmpeg.Split('\n')[0].Trim()} (libsrt caller); {pkgs.Trim().TrimEnd(';')}; .NET {Environment.Version}";
    }
}
