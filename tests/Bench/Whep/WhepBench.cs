using System.Globalization;
using InteropGateway.Bench.Peers;
using InteropGateway.Bench.Servers;
using InteropGateway.Bench.SideBySide;

namespace InteropGateway.Bench.Whep;

/// <summary>
/// WHEP fan-out benchmark: N headless WebRTC viewers (@roamhq/wrtc, tests/Bench/node/whep-viewers.js)
/// of one stream on our gateway (WHEP, fed by RTMP H.264 + AAC) and on Janus (streaming plugin, RTP
/// mountpoint fed H.264 + Opus), side by side in the same run, alternating rounds.
/// Usage: dotnet run --project tests/Bench -c Release -- whep [--viewers 10,25] [--rounds 3] [--seconds 15] [--warmup 5] [--nack]
/// (--nack: viewers send generic NACKs; off by default, see node/whep-viewers.js)
/// </summary>
internal static class WhepBench
{
    private const string StreamPath = "/whep/live/bench";

    public static Task<int> RunAsync(BenchOptions options, string[] args) => BenchSession.RunAsync(options.Mode, async (children, workDir, ct) =>
    {
        if (!options.InIsolatedNetwork)
        {
            // Out here: everything that needs the package registries; then the run itself, isolated.
            await Prerequisites.EnsureFfmpegAsync(children);
            await Prerequisites.EnsureJanusAsync(children);
            await NodeModules.EnsureAsync(children, options.RepoRoot);
            if (options.Build) await GatewayServer.BuildAsync(children, options.RepoRoot);
            return await IsolatedNetwork.RunInsideAsync(children, args, ct);
        }
        NodeModules.UseDirectory(options.RepoRoot);
        var machine = MachineInfo.Describe();
        Console.WriteLine($"machine: {machine}");
        var loadBefore = LoadAverage.Text();
        var clip = await WebRtcClip.EnsureAsync(children, workDir);
        var nack = options.Nack ? "on" : "off";

        await using var gateway = new GatewayServer(children, options.RepoRoot, options.Build);
        await gateway.StartAsync();
        await using var gatewayFeed = new Load(children, gateway.RtmpPort);
        gatewayFeed.StartPublisher(clip);

        await using var janus = new JanusServer(children, workDir, IsolatedNetwork.JanusInterface);
        await janus.StartAsync();
        await using var janusFeed = new JanusRtpFeed(children, janus.Config);
        janusFeed.Start(clip);
        Console.WriteLine($"gateway pid {gateway.Pid} (http {gateway.HttpPort}, webrtc udp {gateway.WebRtcUdpPort}); janus pid {janus.Pid} (http {janus.Config.HttpPort})");
        await Task.Delay(TimeSpan.FromSeconds(3), ct); // feeds connected, first GOP cached on both

        SideBySideTarget[] targets =
        [
            new("janus", janus.Pid, (n, log) => new NodeLoadGenerator(children, "whep-viewers.js",
                ["--target", "janus", "--url", janus.BaseUrl, "--mountpoint", $"{JanusConfig.MountpointId}", "--viewers", $"{n}", "--nack", nack], log),
                janusFeed.EnsureAlive),
            new("gateway", gateway.Pid, (n, log) => new NodeLoadGenerator(children, "whep-viewers.js",
                ["--target", "gateway", "--url", $"http://127.0.0.1:{gateway.HttpPort}", "--path", StreamPath, "--viewers", $"{n}", "--nack", nack], log),
                gatewayFeed.EnsurePublisherAlive),
        ];
        var run = new SideBySideRun(targets, options.Viewers, options.Repeats, TimeSpan.FromSeconds(options.WarmupSeconds),
            TimeSpan.FromSeconds(options.Seconds), Validate);
        var windows = await run.RunAsync(ct);

        var section = WhepReport.Section(options, machine, loadBefore, await VersionsAsync(children), windows,
            children.CommandLog.Distinct().ToList(), janus.Config);
        await ResultsSection.PublishAsync(options.ResultsPath, WhepReport.Heading, "whep-bench", "WHEP", section);
        return 0;
    });

    /// <summary>
    /// Every viewer must have received video and audio RTP in the window. A viewer whose transport
    /// received far more than its RTP streams accepted (packets libwebrtc dropped: undecryptable,
    /// replayed, unknown SSRC) is flagged too: its server's CPU would not be a fair figure.
    /// </summary>
    internal static string? Validate(ViewerWindow w)
    {
        var problems = new List<string>();
        for (var i = 0; i < w.PerViewer.Count; i++)
        {
            var v = w.PerViewer[i];
            double Get(string k) => v.GetValueOrDefault(k);
            if (Get("videoBytes") <= 0 || Get("audioBytes") <= 0)
                problems.Add(F($"viewer {i} got video {Get("videoBytes"):0} B, audio {Get("audioBytes"):0} B"));
            else if (Get("transportBytes") > 3 * (Get("videoBytes") + Get("audioBytes")) + 1e6)
                problems.Add(F($"viewer {i} transport {Get("transportBytes") / 1e6:0.0} MB but RTP {(Get("videoBytes") + Get("audioBytes")) / 1e6:0.0} MB"));
        }
        return problems.Count == 0 ? null : $"{problems.Count} viewer(s): {string.Join(", ", problems.Take(3))}";
    }

    private static async Task<string> VersionsAsync(ChildProcesses children) =>
        $"{await Versions.PackagesAsync(children, "janus", "ffmpeg", "libnice10", "libsrtp2-1")}; node {await Versions.NodeAsync(children)}; " +
        $"@roamhq/wrtc and ws as pinned in tests/Bench/node/package-lock.json; .NET {Environment.Version}";

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
