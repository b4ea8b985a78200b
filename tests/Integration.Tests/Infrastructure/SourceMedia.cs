namespace InteropGateway.Tests.Integration.Infrastructure;

/// <summary>
/// A source clip made once per test run by ffmpeg (testsrc2 + sine, libx264 + AAC, 2 s GOP), so
/// publishers can send it with <c>-c copy</c>: cheap on 2 cores, and its packets are known exactly.
/// </summary>
public static class SourceMedia
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly Dictionary<string, string> Clips = new();

    public static Task<string> ClipAsync(int seconds) => MakeOnceAsync($"source-{seconds}s",
        "-f lavfi -i testsrc2=size=640x360:rate=25 -f lavfi -i sine=frequency=440:sample_rate=44100 " +
        $"-t {seconds} -c:v libx264 -preset veryfast -g 50 -bf 2 -pix_fmt yuv420p -c:a aac -b:a 96k");

    /// <summary>
    /// The same picture and sound as <see cref="ClipAsync"/> the way a broadcaster sets up for
    /// WebRTC viewers: constrained baseline, no B-frames (browsers' WebRTC decoders don't reorder).
    /// </summary>
    public static Task<string> WebRtcClipAsync(int seconds) => MakeOnceAsync($"webrtc-{seconds}s",
        "-f lavfi -i testsrc2=size=640x360:rate=25 -f lavfi -i sine=frequency=440:sample_rate=44100 " +
        $"-t {seconds} -c:v libx264 -preset veryfast -profile:v baseline -g 50 -bf 0 -pix_fmt yuv420p -c:a aac -b:a 96k");

    /// <summary>
    /// 720p25 with grain, x264 ultrafast qp 10 (about 70 Mbit/s) + AAC, 2 s GOP: fills a stalled
    /// player's kernel buffers within a second or so in real time, yet decodes at ~5x real time.
    /// </summary>
    public static Task<string> HeavyClipAsync(int seconds) => MakeOnceAsync($"heavy-{seconds}s",
        "-f lavfi -i testsrc2=size=1280x720:rate=25 -f lavfi -i sine=frequency=440:sample_rate=44100 " +
        $"-t {seconds} -vf noise=alls=3:allf=t -c:v libx264 -preset ultrafast -qp 10 -g 50 -pix_fmt yuv420p -c:a aac -b:a 96k");

    private static async Task<string> MakeOnceAsync(string name, string encodeArgs)
    {
        await Gate.WaitAsync();
        try
        {
            if (Clips.TryGetValue(name, out var existing))
                return existing;
            var path = Path.Combine(Path.GetTempPath(), $"interop-gateway-{name}-{Environment.ProcessId}.flv");
            var run = await Ffmpeg.RunAsync($"-v error -y {encodeArgs} -f flv {path}", TimeSpan.FromSeconds(120));
            if (run.ExitCode != 0)
                throw new InvalidOperationException($"could not make the {name} clip: {run}");
            Clips[name] = path;
            return path;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Arguments that publish <paramref name="clip"/> in real time, untouched, to <paramref name="url"/>.</summary>
    public static string PublishArgs(string clip, string url) => $"-v error -re -i {clip} -c copy -f flv {url}";

    /// <summary>Publishes <paramref name="clip"/> until it ends or <paramref name="stop"/> fires (at most a minute).</summary>
    public static Task<ToolRun> PublishAsync(string clip, string url, CancellationToken stop = default) =>
        Ffmpeg.RunToolAsync("ffmpeg", "-nostdin " + PublishArgs(clip, url), TimeSpan.FromSeconds(60), stop);
}
