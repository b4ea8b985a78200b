namespace InteropGateway.Bench.H5;

/// <summary>
/// The 10 s MPEG-TS clip both H5 servers get, encoded once so the feeds only copy it: what a JSMpeg
/// deployment sends (mpeg1video without B-frames + mp2), 960x540 30 fps 1.5 Mbit/s, GOP 2 s, mp2 128 kbit/s.
/// </summary>
internal static class Mpeg1Clip
{
    public static Task<string> EnsureAsync(ChildProcesses children, string dir) =>
        FfmpegClip.EnsureAsync(children, Path.Combine(dir, "clip-mpeg1.ts"), "the MPEG-1 clip",
        [
            "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", "testsrc2=size=960x540:rate=30",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
            "-t", "10", "-pix_fmt", "yuv420p",
            "-codec:v", "mpeg1video", "-b:v", "1500k", "-maxrate", "1500k", "-bufsize", "1500k", "-bf", "0", "-g", "60",
            "-codec:a", "mp2", "-b:a", "128k", "-ac", "2",
            "-f", "mpegts",
        ]);
}
