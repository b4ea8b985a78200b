using InteropGateway.Bench.Servers;
using InteropGateway.Bench.SideBySide;
using InteropGateway.Bench.Srt;

namespace InteropGateway.Bench.Tls;

/// <summary>
/// TLS on the single multiplexed port against plain RTMP (issue 8): one gateway process fed one
/// plain RTMP publisher, played in alternating rounds by N ffmpeg players per variant (plain RTMP on
/// the RTMP port, RTMPS on the TLS port, plain RTMP on the TLS port; optionally HTTP-FLV over HTTP and
/// HTTPS); gateway CPU seconds per delivered GB, total and above the feed-only idle level, TLS/plain.
/// Usage: dotnet run --project tests/Bench -c Release -- tls [--viewers 20,50] [--rounds 3] [--seconds 12] [--warmup 5]
///        [--variants rtmp,rtmps,rtmp-mux,http-flv,https-flv] [--no-build]
/// </summary>
internal static class TlsBench
{
    private const string StreamKey = "live/bench";

    public static Task<int> RunAsync(BenchOptions options) => BenchSession.RunAsync(options.Mode, async (children, workDir, ct) =>
    {
        var variants = DeliveryVariant.Parse(options.Variants ?? DeliveryVariant.All.Take(TlsReport.DefaultVariantCount).Select(v => v.Name));
        await Prerequisites.EnsureFfmpegAsync(children);
        var machine = MachineInfo.Describe();
        Console.WriteLine($"machine: {machine}");
        var loadBefore = LoadAverage.Text();
        Console.WriteLine($"load average: {loadBefore}");
        var clip = await Clip.EnsureAsync(children, workDir);

        await using var gateway = new GatewayServer(children, options.RepoRoot, options.Build);
        await gateway.StartAsync();
        await Net.WaitForListenerAsync(gateway.TlsPort, TimeSpan.FromSeconds(10), () => true, "gateway TLS port");
        await using var feed = new Load(children, gateway.RtmpPort, StreamKey);
        feed.StartPublisher(clip);
        Console.WriteLine($"gateway pid {gateway.Pid}: rtmp {gateway.RtmpPort}, http {gateway.HttpPort}, tls {gateway.TlsPort}; variants {string.Join(", ", variants.Select(v => v.Name))}");
        await StreamReady.WaitAsync(gateway.HttpPort, StreamKey, TimeSpan.FromSeconds(20), feed.EnsurePublisherAlive, ct);
        var tlsSession = await TlsSessionProbe.DescribeAsync(children, gateway.TlsPort);
        Console.WriteLine($"tls: {tlsSession}");
        // A full GOP cached, and the process past tiered JIT's recompiles of the ingest path, which would
        // otherwise land in round 1's first window only.
        await Task.Delay(TimeSpan.FromSeconds(10), ct);

        var rounds = new DeliveryRounds(children, gateway, StreamKey, feed.EnsurePublisherAlive, variants, options.Viewers, options.Repeats,
            TimeSpan.FromSeconds(options.WarmupSeconds), TimeSpan.FromSeconds(options.Seconds));
        var windows = await rounds.RunAsync(ct);

        var versions = $"{await Versions.FfmpegAsync(children)} (players, GnuTLS); " +
                       $"{await Versions.PackagesAsync(children, "libgnutls30", "libssl3", "iproute2")}; .NET {Environment.Version}";
        var section = TlsReport.Section(options, variants, machine, loadBefore, versions, tlsSession, windows, children.CommandLog.Distinct().ToList());
        await ResultsSection.PublishAsync(options.ResultsPath, TlsReport.Heading, "tls-bench", "TLS", section);
        return 0;
    });
}
