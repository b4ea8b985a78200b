using System.Globalization;
using InteropGateway.Codecs.Media;
using InteropGateway.Codecs.Native;
using InteropGateway.Matrix;
using InteropGateway.Bench.SideBySide;

namespace InteropGateway.Bench.Transcode;

/// <summary>
/// Transcoding benchmark (issue 3 item 7): per-branch cost in CPU seconds per media second for
/// AAC->Opus and H264 720p30->MPEG-1, next to the ffmpeg CLI doing the same conversion on the same
/// clip in the same run, and the same branch with 1 vs 100 subscribers.
/// Usage: dotnet run --project tests/Bench -c Release -- transcode [--seconds 20] [--repeats 5]
/// </summary>
internal static class TranscodeBench
{
    internal const int ManySubscribers = 100;
    /// <summary>The cross-check paced at a fixed speed-up, in the first repeats only (each run takes media/speed seconds).</summary>
    internal const double PacedSpeed = 4;
    private const int PacedRepeats = 3;

    /// <summary>One conversion under test: which track, which sink protocol makes the router branch it, and the equivalent CLI.</summary>
    internal sealed record Row(string Name, MediaKind Kind, string SinkProtocol, string[] Cli, string[] CliAutoThreads, string[] CliCopy);

    /// <summary>All measurements of one row, one entry per repeat.</summary>
    internal sealed class RowResults(Row row, double mediaSeconds)
    {
        public Row Row { get; } = row;
        public double MediaSeconds { get; } = mediaSeconds;
        public List<BranchRunResult> Baseline { get; } = [];
        public List<BranchRunResult> One { get; } = [];
        public List<BranchRunResult> Many { get; } = [];
        public List<FfmpegRunResult> Cli { get; } = [];
        public List<FfmpegRunResult> CliCopy { get; } = [];
        public FfmpegRunResult? CliAutoThreads { get; set; }
        public List<BranchRunResult> PacedBaseline { get; } = [];
        public List<BranchRunResult> PacedOne { get; } = [];
        public double PacedProcessDelta => Median(PacedOne.Zip(PacedBaseline, (o, b) => (o.Process.Seconds - b.Process.Seconds) / MediaSeconds));
        public double PacedBranchThread => Median(PacedOne.Select(r => r.BranchCpuPerMediaSecond));
        public List<FfmpegRunResult> PacedCli { get; } = [];
        public List<FfmpegRunResult> PacedCliCopy { get; } = [];
        public double PacedFfmpegNet => Median(PacedCli.Zip(PacedCliCopy, (c, k) => (c.Cpu.Seconds - k.Cpu.Seconds) / MediaSeconds));

        // Per media second, medians over the repeats. Deltas are taken per repeat, then the median.
        public double BranchThread => Median(One.Select(r => r.BranchCpuPerMediaSecond));
        public double BranchThreadMany => Median(Many.Select(r => r.BranchCpuPerMediaSecond));
        public double ProcessDelta => Median(One.Zip(Baseline, (o, b) => (o.Process.Seconds - b.Process.Seconds) / MediaSeconds));
        public double ProcessDeltaMany => Median(Many.Zip(Baseline, (m, b) => (m.Process.Seconds - b.Process.Seconds) / MediaSeconds));
        public double ProcessGross => Median(One.Select(r => r.ProcessCpuPerMediaSecond));
        public double ProcessGrossMany => Median(Many.Select(r => r.ProcessCpuPerMediaSecond));
        public double BaselineGross => Median(Baseline.Select(r => r.ProcessCpuPerMediaSecond));
        public double Ffmpeg => Median(Cli.Select(r => r.CpuPerMediaSecond));
        public double FfmpegCopy => Median(CliCopy.Select(r => r.CpuPerMediaSecond));
        public double FfmpegNet => Median(Cli.Zip(CliCopy, (c, k) => (c.Cpu.Seconds - k.Cpu.Seconds) / MediaSeconds));
        /// <summary>gateway process delta / ffmpeg CLI within each repeat (the two ran seconds apart, so a change in machine load cancels out).</summary>
        public double[] PairedRatios => One.Zip(Baseline, Cli).Select(t => (t.First.Process.Seconds - t.Second.Process.Seconds) / t.Third.Cpu.Seconds).ToArray();
        public double[] PairedRatiosSubs => Many.Zip(One, Baseline).Select(t => (t.First.Process.Seconds - t.Third.Process.Seconds) / (t.Second.Process.Seconds - t.Third.Process.Seconds)).ToArray();
    }

    public static Task<int> RunAsync(BenchOptions options) => BenchSession.RunAsync(options.Mode, async (children, workDir, ct) =>
    {
        if (!File.Exists("/usr/bin/ffmpeg"))
            throw new InvalidOperationException("the ffmpeg CLI is needed (apt-get install ffmpeg)");
        var machine = MachineInfo.Describe();
        Console.WriteLine($"machine: {machine}");
        Console.WriteLine($"in-process FFmpeg: {FFmpegLibrary.Versions}");
        Console.WriteLine($"making a {options.Seconds} s 720p30 clip ...");
        var clipPath = await TranscodeClip.MakeAsync(children, workDir, options.Seconds);
        var clip = ClipFrames.Load(clipPath);
        Console.WriteLine($"clip: {clip.VideoTrack} {clip.Count(MediaKind.Video)} frames {clip.MediaSeconds(MediaKind.Video):0.00} s; " +
                          $"{clip.AudioTrack} {clip.Count(MediaKind.Audio)} frames {clip.MediaSeconds(MediaKind.Audio):0.00} s");
        var matrixPath = Path.Combine(options.RepoRoot, "Matrix", "matrix.json");

        Row[] rows =
        [
            new("AAC->Opus", MediaKind.Audio, Protocols.WebRtc,
                FfmpegCli.AacToOpus(clipPath), FfmpegCli.AacToOpus(clipPath, singleThread: false), FfmpegCli.Copy(clipPath, "0:a")),
            new("H264 720p30->MPEG-1", MediaKind.Video, Protocols.H5,
                FfmpegCli.H264ToMpeg1(clipPath), FfmpegCli.H264ToMpeg1(clipPath, singleThread: false), FfmpegCli.Copy(clipPath, "0:v")),
        ];
        var results = rows.Select(r => new RowResults(r, clip.MediaSeconds(r.Kind))).ToArray();

        // Warm-up: every configuration once over the whole clip, discarded, so tiered JIT (which
        // recompiles hot methods on a background thread for a while) is done before measuring.
        Console.WriteLine("warm-up (every configuration once, discarded) ...");
        foreach (var row in rows)
        {
            await BranchRun.RunAsync(clip, row.Kind, Protocols.Rtmp, 1, matrixPath);
            await BranchRun.RunAsync(clip, row.Kind, row.SinkProtocol, 1, matrixPath);
            await BranchRun.RunAsync(clip, row.Kind, row.SinkProtocol, ManySubscribers, matrixPath);
        }

        for (var repeat = 1; repeat <= options.Repeats; repeat++)
        {
            foreach (var rr in results)
            {
                ct.ThrowIfCancellationRequested();
                var row = rr.Row;
                var baseline = await BranchRun.RunAsync(clip, row.Kind, Protocols.Rtmp, 1, matrixPath);
                var one = await BranchRun.RunAsync(clip, row.Kind, row.SinkProtocol, 1, matrixPath);
                var many = await BranchRun.RunAsync(clip, row.Kind, row.SinkProtocol, ManySubscribers, matrixPath);
                var cli = await FfmpegCli.RunAsync(children, "ffmpeg -threads 1", row.Cli, rr.MediaSeconds);
                var copy = await FfmpegCli.RunAsync(children, "ffmpeg -c copy", row.CliCopy, rr.MediaSeconds);
                Check(row, baseline, one, many);
                rr.Baseline.Add(baseline); rr.One.Add(one); rr.Many.Add(many); rr.Cli.Add(cli); rr.CliCopy.Add(copy);
                // InvariantGlobalization (Directory.Build.props): the current culture is invariant.
                Console.WriteLine(($"[{repeat}/{options.Repeats}] {row.Name,-20} baseline {baseline.ProcessCpuPerMediaSecond:0.0000} | " +
                                    $"1 sub: branch {one.BranchCpuPerMediaSecond:0.0000} process {one.ProcessCpuPerMediaSecond:0.0000} ({one.SpeedX:0.0}x rt) | " +
                                    $"{ManySubscribers} subs: branch {many.BranchCpuPerMediaSecond:0.0000} process {many.ProcessCpuPerMediaSecond:0.0000} ({many.SpeedX:0.0}x rt) | " +
                                    $"ffmpeg {cli.CpuPerMediaSecond:0.0000} copy {copy.CpuPerMediaSecond:0.0000} ({rr.MediaSeconds / cli.WallSeconds:0.0}x rt) s/s"));
                if (repeat <= PacedRepeats)
                {
                    // Cross-check: the same pair paced at a fixed speed-up, so that, as in production, every
                    // subscriber (the branch's feed, the viewers) wakes up per frame in both runs.
                    var pacedBaseline = await BranchRun.RunAsync(clip, row.Kind, Protocols.Rtmp, 1, matrixPath, speed: PacedSpeed);
                    var pacedOne = await BranchRun.RunAsync(clip, row.Kind, row.SinkProtocol, 1, matrixPath, speed: PacedSpeed);
                    var pacedCli = await FfmpegCli.RunAsync(children, "ffmpeg -readrate", FfmpegCli.Paced(row.Cli, PacedSpeed), rr.MediaSeconds);
                    var pacedCopy = await FfmpegCli.RunAsync(children, "ffmpeg -readrate -c copy", FfmpegCli.Paced(row.CliCopy, PacedSpeed), rr.MediaSeconds);
                    Check(row, pacedBaseline, pacedOne, pacedOne);
                    rr.PacedBaseline.Add(pacedBaseline); rr.PacedOne.Add(pacedOne); rr.PacedCli.Add(pacedCli); rr.PacedCliCopy.Add(pacedCopy);
                    Console.WriteLine(($"      paced {PacedSpeed}x real time: baseline {pacedBaseline.ProcessCpuPerMediaSecond:0.0000} | 1 sub: branch {pacedOne.BranchCpuPerMediaSecond:0.0000} process {pacedOne.ProcessCpuPerMediaSecond:0.0000} | ffmpeg -readrate {pacedCli.CpuPerMediaSecond:0.0000} copy {pacedCopy.CpuPerMediaSecond:0.0000} s/s"));
                }
                Console.WriteLine($"      threads (CPU s) 1 sub: {one.BusiestThreads}");
                Console.WriteLine($"      threads (CPU s) {ManySubscribers} subs: {many.BusiestThreads}");
            }
        }
        foreach (var rr in results)
        {
            rr.CliAutoThreads = await FfmpegCli.RunAsync(children, "ffmpeg (default threads)", rr.Row.CliAutoThreads, rr.MediaSeconds);
            Console.WriteLine(F($"{rr.Row.Name}: ffmpeg with its default threads: {rr.CliAutoThreads.CpuPerMediaSecond:0.0000} s/s"));
        }

        var versions = await VersionsAsync(children);
        var section = TranscodeReport.Section(options, machine, versions, results, children.CommandLog.Distinct().ToList());
        await ResultsSection.PublishAsync(options.ResultsPath, TranscodeReport.Heading, "transcode-bench", "\"Transcoding branches\"", section);
        return 0;
    });

    /// <summary>The runs must have done what they claim: one shared branch, every frame converted and delivered, nothing dropped.</summary>
    private static void Check(Row row, BranchRunResult baseline, BranchRunResult one, BranchRunResult many)
    {
        if (baseline.Branches != 0 || baseline.MinDelivered != baseline.FramesPublished)
            throw new InvalidOperationException($"{row.Name}: the pass-through baseline made {baseline.Branches} branches / delivered {baseline.MinDelivered} of {baseline.FramesPublished}");
        foreach (var r in new[] { one, many })
        {
            if (r.Branches != 1)
                throw new InvalidOperationException($"{row.Name} x{r.Subscribers}: expected one shared branch, got {r.Branches} ({r.BranchNames})");
            if (r.BranchFramesIn + r.BranchFramesDropped != BranchRun.BranchInput(r.Kind, r.FramesPublished) || r.BranchFramesOut == 0 || r.MinDelivered < r.BranchFramesOutBeforeEnd)
                throw new InvalidOperationException($"{row.Name} x{r.Subscribers}: branch in {r.BranchFramesIn}/{r.FramesPublished}, out {r.BranchFramesOut}, delivered {r.MinDelivered}..{r.MaxDelivered}");
            if (r.BranchFramesDropped != 0 || r.SubscriberFramesDropped != 0)
                Console.Error.WriteLine($"  WARNING {row.Name} x{r.Subscribers}: dropped {r.BranchFramesDropped} at the branch, {r.SubscriberFramesDropped} at subscribers");
        }
    }

    private static async Task<string> VersionsAsync(ChildProcesses children)
    {
        var parts = new List<string>();
        var (_, ff) = await children.RunAsync("ffmpeg", ["-hide_banner", "-version"], TimeSpan.FromSeconds(10), logCommand: false);
        parts.Add(ff.Split('\n').FirstOrDefault(l => l.StartsWith("ffmpeg version"))?.Trim() ?? "ffmpeg ?");
        parts.Add($"in process: {FFmpegLibrary.Versions}");
        parts.Add($"packages: {await Versions.PackagesAsync(children, "libavcodec59", "libopus0", "libx264-164")}");
        parts.Add($".NET {Environment.Version}");
        return string.Join("; ", parts);
    }

    internal static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        if (v.Length == 0) return double.NaN;
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }

    internal static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
