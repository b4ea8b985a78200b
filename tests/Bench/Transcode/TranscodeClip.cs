namespace InteropGateway.Bench.Transcode;

/// <summary>
/// The input of the transcoding benchmark, made once per run with the ffmpeg CLI: testsrc2 1280x720
/// 30 fps, libx264 veryfast 3 Mbit/s CBR, keyframe every 2 s (60 frames, scenecut off so the GOP is
/// exact), plus AAC-LC 48 kHz stereo 128 kbit/s (two sine tones), in FLV as an RTMP publisher sends it.
/// </summary>
internal static class TranscodeClip
{
    public static Task<string> MakeAsync(ChildProcesses children, string dir, int seconds) =>
        FfmpegClip.EnsureAsync(children, Path.Combine(dir, $"clip-720p30-{seconds}s.flv"), "the clip",
        [
            "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
            "-f", "lavfi", "-i", "sine=frequency=660:sample_rate=48000",
            "-filter_complex", "[1:a][2:a]amerge=inputs=2[a]",
            "-map", "0:v", "-map", "[a]",
            "-t", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "-pix_fmt", "yuv420p",
            "-c:v", "libx264", "-preset", "veryfast", "-g", "60", "-keyint_min", "60", "-sc_threshold", "0",
            "-b:v", "3M", "-minrate", "3M", "-maxrate", "3M", "-bufsize", "3M", "-x264-params", "nal-hrd=cbr",
            "-c:a", "aac", "-b:a", "128k", "-ar", "48000", "-ac", "2",
        ]);
}
