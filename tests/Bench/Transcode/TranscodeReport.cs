using System.Text;
using static InteropGateway.Bench.Transcode.TranscodeBench;

namespace InteropGateway.Bench.Transcode;

/// <summary>
/// The "Transcoding branches" section of RESULTS.md. The generated part sits between two markers, so
/// a rerun replaces it and keeps hand-written notes after the end marker; the rest of the file
/// (the fan-out results) is left alone.
/// </summary>
internal static class TranscodeReport
{
    public const string Heading = "## Transcoding branches";

    public static string Section(BenchOptions o, string machine, string versions, IReadOnlyList<RowResults> rows, IReadOnlyList<string> commands)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"- Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        sb.AppendLine($"- Machine: {machine}; load average at the end: {LoadAverage()}");
        sb.AppendLine($"- Versions: {versions}");
        sb.AppendLine($"- Run: `dotnet run --project tests/Bench -c Release -- transcode --seconds {o.Seconds} --repeats {o.Repeats}`");
        sb.AppendLine(F($"- Input: {rows[0].MediaSeconds:0.00} s FLV clip made once per run: testsrc2 1280x720 30 fps, libx264 veryfast 3 Mbit/s CBR, GOP 60 (2 s), B-frames (veryfast default); AAC-LC 48 kHz stereo 128 kbit/s."));
        sb.AppendLine("- Method: the relay core runs in the bench process as Gateway.Host wires it (StreamHub + MediaRouter + FfmpegTranscoderProvider, matrix.json, default RelayOptions and TranscodeSettings). " +
                      "The clip's frames (FlvFileReader + FlvIngestMapper, parsed before the measured window) are published by an \"rtmp\" publisher, one track per row, **unpaced**: the publisher stays at most 1000 frames ahead of the branch's input (default subscriber queue: 1024), so nothing is dropped (checked). At the end of the clip the stream ends (PublisherGracePeriod 0, otherwise default RelayOptions) and the measured window runs until the branch has drained its decoder, flushed its encoder and finished, as the CLI does at the end of its input. " +
                      "In-process subscribers (one task each, draining and releasing frames) of protocol \"webrtc\" (AAC->Opus) or \"h5\" (H264->MPEG-1) make the router open the branch; 100 subscribers share one branch (checked). " +
                      "**Branch (thread CPU)** = the branch's CpuTime (CLOCK_THREAD_CPUTIME_ID inside its transcode and flush calls; output fan-out into subscriber queues happens inside them). **Process delta** = getrusage(RUSAGE_SELF) user+sys over the run minus the same run with one pass-through \"rtmp\" subscriber instead (every thread, codec helpers included). " +
                      "**ffmpeg CLI** = user+sys of the ffmpeg child (getrusage RUSAGE_CHILDREN delta), unpaced, same clip, same encoder options, `-threads 1` for decoder and encoder like the gateway (libavcodec's API default is 1 thread); **ffmpeg minus copy** subtracts the CLI's start-up and FLV demux (the same command with `-c copy`), which the gateway's process delta does not contain either (ingest is in the baseline). " +
                      $"A cross-check runs the baseline and the 1-subscriber branch **paced at {PacedSpeed}x real time** (first {Math.Min(3, o.Repeats)} repeats), where every subscriber wakes per frame in both runs, as in production, next to the CLI reading at the same rate (`-readrate {PacedSpeed}`). Per media second of the track; median of {o.Repeats} repeats, runs interleaved; every configuration ran once over the whole clip before measuring (tiered JIT done).");
        sb.AppendLine();
        sb.AppendLine("| conversion | gateway branch, thread CPU (s/s) | gateway process delta (s/s) | ffmpeg CLI (s/s) | ratio gateway/ffmpeg | ratio gateway/(ffmpeg minus its `-c copy` run) | process delta, 1 sub (s/s) | process delta, 100 subs (s/s) | 100 subs / 1 sub |");
        sb.AppendLine("|---|--:|--:|--:|--:|--:|--:|--:|--:|");
        foreach (var r in rows)
            sb.AppendLine(F($"| {r.Row.Name} | {r.BranchThread:0.0000} | {r.ProcessDelta:0.0000} | {r.Ffmpeg:0.0000} | **{Ratio(r.ProcessDelta, r.Ffmpeg)}** | {Ratio(r.ProcessDelta, r.FfmpegNet)} | {r.ProcessDelta:0.0000} | {r.ProcessDeltaMany:0.0000} | **{Ratio(r.ProcessDeltaMany, r.ProcessDelta)}** |"));
        sb.AppendLine();
        sb.AppendLine("Details (same runs; s/s = CPU seconds per media second):");
        sb.AppendLine();
        sb.AppendLine(F($"| conversion | media s | frames in -> out | dropped (branch / subs) | gateway speed, unpaced | baseline process (s/s) | process gross 1 sub / 100 subs (s/s) | branch thread CPU, 100 subs (s/s) | CPU per added subscriber (ms/s) | ffmpeg `-c copy` (s/s) | ffmpeg minus copy (s/s) | process delta / (ffmpeg minus copy) | ffmpeg default threads (s/s) | spread of process delta (min..max) | spread of ffmpeg (min..max) | gateway/ffmpeg per repeat: median (min..max) | 100 subs / 1 sub per repeat: median (min..max) | paced {PacedSpeed}x: branch thread / process delta (s/s) | paced {PacedSpeed}x: ffmpeg `-readrate {PacedSpeed}` minus copy (s/s) | paced: process delta / ffmpeg minus copy |"));
        sb.AppendLine("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        foreach (var r in rows)
        {
            var one = r.One[^1];
            var deltas = r.One.Zip(r.Baseline, (a, b) => (a.Process.Seconds - b.Process.Seconds) / r.MediaSeconds).ToArray();
            var cli = r.Cli.Select(c => c.CpuPerMediaSecond).ToArray();
            sb.AppendLine(F($"| {r.Row.Name} | {r.MediaSeconds:0.00} | {one.BranchFramesIn} -> {one.BranchFramesOut} | {r.One.Concat(r.Many).Sum(x => x.BranchFramesDropped)} / {r.One.Concat(r.Many).Sum(x => x.SubscriberFramesDropped)} | {Median(r.One.Select(x => x.SpeedX)):0.0}x real time | {r.BaselineGross:0.0000} | {r.ProcessGross:0.0000} / {r.ProcessGrossMany:0.0000} | {r.BranchThreadMany:0.0000} | {(r.ProcessDeltaMany - r.ProcessDelta) * 1000 / (ManySubscribers - 1):0.000} | {r.FfmpegCopy:0.0000} | {r.FfmpegNet:0.0000} | {Ratio(r.ProcessDelta, r.FfmpegNet)} | {r.CliAutoThreads?.CpuPerMediaSecond ?? double.NaN:0.0000} | {deltas.Min():0.0000}..{deltas.Max():0.0000} | {cli.Min():0.0000}..{cli.Max():0.0000} | {Median(r.PairedRatios):0.00}x ({r.PairedRatios.Min():0.00}..{r.PairedRatios.Max():0.00}) | {Median(r.PairedRatiosSubs):0.00}x ({r.PairedRatiosSubs.Min():0.00}..{r.PairedRatiosSubs.Max():0.00}) | {r.PacedBranchThread:0.0000} / {r.PacedProcessDelta:0.0000} | {r.PacedFfmpegNet:0.0000} | {Ratio(r.PacedProcessDelta, r.PacedFfmpegNet)} |"));
        }
        sb.AppendLine();
        sb.AppendLine("Where the CPU went (one 1-subscriber run per row, CPU s per thread from /proc/self/task):");
        sb.AppendLine();
        foreach (var r in rows)
            sb.AppendLine($"- {r.Row.Name}: {r.One[^1].BusiestThreads}");
        sb.AppendLine();
        sb.AppendLine("Commands (first of each kind):");
        sb.AppendLine();
        sb.AppendLine("```sh");
        foreach (var c in commands) sb.AppendLine(c);
        sb.AppendLine("```");
        return sb.ToString();
    }

    private static string LoadAverage()
    {
        try { return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "?"; }
    }

    private static string Ratio(double x, double y) => y > 0 && !double.IsNaN(x) ? F($"{x / y:0.00}x") : "n/a";
}
