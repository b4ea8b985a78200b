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

    public static Task<int> RunAsync(BenchOptions options) => BenchSession.RunAsync(options.Mode, async (children, workDir, ct) =>
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
        await StreamReady.WaitAsync(rtmpGateway.HttpPort, RtmpStream, feedTimeout, rtmpSide.EnsurePublisherAlive, ct);
        await StreamReady.WaitAsync(srtGateway.HttpPort, SrtStream, feedTimeout, srtFeed.EnsureAlive, ct);
        // A full GOP cached on both, and both processes past tiered JIT's recompiles of the ingest path,
        // which would otherwise land in round 1's first window only.
        await Task.Delay(TimeSpan.FromSeconds(10), ct);

        IngestTarget[] targets =
        [
            new(SrtReport.Anchor, rtmpGateway, RtmpStream, rtmpSide, rtmpSide.EnsurePublisherAlive),
            new(SrtReport.Subject, srtGateway, SrtStream, srtSide, srtFeed.EnsureAlive),
        ];
        var run = new IngestRounds(targets, options.Viewers, options.Repeats, TimeSpan.FromSeconds(options.WarmupSeconds),
            TimeSpan.FromSeconds(options.Seconds));
        var windows = await run.RunAsync(ct);

        var link = await StreamReady.PublisherAsync(srtGateway.HttpPort, SrtStream);
        var section = SrtReport.Section(options, machine, loadBefore, await VersionsAsync(children), windows,
            children.CommandLog.Distinct().ToList(), link?.Publisher ?? "(stream not listed)");
        await ResultsSection.PublishAsync(options.ResultsPath, SrtReport.Heading, "srt-bench", "SRT", section);
        return 0;
    });

    private static async Task<string> VersionsAsync(ChildProcesses children) =>
        $"{await Versions.FfmpegAsync(children)} (libsrt caller); {await Versions.PackagesAsync(children, "libsrt1.5-openssl", "rtmpdump")}; .NET {Environment.Version}";
}
