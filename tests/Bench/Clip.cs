namespace InteropGateway.Bench;

/// <summary>Makes the 10 s test clip once: testsrc2 1280x720 30 fps, H.264 ~3 Mbps CBR + AAC.</summary>
internal static class Clip
{
    public static Task<string> EnsureAsync(ChildProcesses children, string dir) =>
        FfmpegClip.EnsureAsync(children, Path.Combine(dir, "clip.flv"), "the clip",
        [
            "-hide_banner", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
            "-t", "10", "-pix_fmt", "yuv420p",
            "-c:v", "libx264", "-preset", "veryfast", "-g", "60",
            "-b:v", "3M", "-minrate", "3M", "-maxrate", "3M", "-bufsize", "3M", "-x264-params", "nal-hrd=cbr",
            "-c:a", "aac", "-b:a", "128k", "-ac", "2",
        ]);
}
