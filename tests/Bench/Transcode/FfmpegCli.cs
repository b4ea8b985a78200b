using System.Diagnostics;

namespace InteropGateway.Bench.Transcode;

/// <summary>One ffmpeg CLI run: its CPU time (user + sys of the reaped child, getrusage RUSAGE_CHILDREN delta) and wall time.</summary>
internal sealed record FfmpegRunResult(string Label, CpuClock.Sample Cpu, double WallSeconds, double MediaSeconds)
{
    public double CpuPerMediaSecond => Cpu.Seconds / MediaSeconds;
}

/// <summary>
/// The ffmpeg CLI doing the same conversions on the same clip, unpaced (it's the CPU cost that is
/// compared, not speed), with the encoder options of Codecs/Transcoding and single-threaded codecs
/// like the gateway's (libavcodec's default thread count through the API is 1; the CLI's is "auto").
/// </summary>
internal static class FfmpegCli
{
    /// <summary>AAC -> Opus as AudioEncoderChoice/AudioEncodePipeline do it: libopus, 96 kbit/s, 48 kHz, interleaved float, 20 ms frames, application=audio.</summary>
    public static string[] AacToOpus(string clip, bool singleThread = true) =>
    [
        .. Common, .. Threads(singleThread), "-i", clip, "-map", "0:a",
        "-c:a", "libopus", "-b:a", "96k", "-ar", "48000", "-ac", "2", "-sample_fmt", "flt",
        "-application", "audio", "-frame_duration", "20", .. Threads(singleThread), "-f", "null", "-",
    ];

    /// <summary>H264 -> MPEG-1 as VideoMpeg1EncoderStage does it: mpeg1video, 1.5 Mbit/s, 30 fps, source size, yuv420p, GOP 60 (2 s), no B-frames.</summary>
    public static string[] H264ToMpeg1(string clip, bool singleThread = true) =>
    [
        .. Common, .. Threads(singleThread), "-i", clip, "-map", "0:v",
        "-c:v", "mpeg1video", "-b:v", "1500k", "-r", "30", "-pix_fmt", "yuv420p", "-g", "60", "-bf", "0",
        .. Threads(singleThread), "-f", "null", "-",
    ];

    /// <summary>The same demux and null mux with the track copied: the CLI's fixed cost (start-up, FLV parsing) without the conversion.</summary>
    public static string[] Copy(string clip, string map) =>
        [.. Common, "-i", clip, "-map", map, "-c", "copy", "-f", "null", "-"];

    private static readonly string[] Common = ["-hide_banner", "-nostdin", "-v", "error"];

    /// <summary>The same command reading its input at <paramref name="speed"/> times real time (-readrate, FFmpeg 5.0+), for the paced cross-check.</summary>
    public static string[] Paced(string[] args, double speed)
    {
        var input = Array.IndexOf(args, "-i");
        return [.. args[..input], "-readrate", speed.ToString(System.Globalization.CultureInfo.InvariantCulture), .. args[input..]];
    }

    private static string[] Threads(bool single) => single ? ["-threads", "1"] : [];

    public static async Task<FfmpegRunResult> RunAsync(ChildProcesses children, string label, string[] args, double mediaSeconds)
    {
        var before = CpuClock.Children();
        var clock = Stopwatch.StartNew();
        var (code, output) = await children.RunAsync("ffmpeg", args, TimeSpan.FromMinutes(3));
        var wall = clock.Elapsed.TotalSeconds;
        var after = CpuClock.Children();
        if (code != 0 || output.Trim().Length > 0)
            throw new InvalidOperationException($"ffmpeg {string.Join(' ', args)} exited {code}:\n{output}");
        return new FfmpegRunResult(label, after - before, wall, mediaSeconds);
    }
}
