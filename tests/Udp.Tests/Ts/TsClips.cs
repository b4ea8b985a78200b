namespace InteropGateway.Tests.Udp.Ts;

/// <summary>A TS file made by ffmpeg, and what ffprobe counts in it (the expected side of every check).</summary>
internal sealed record TsClip(string Name, string Path, string VideoCodec, string AudioCodec,
    int VideoPackets, int VideoKeyframes, int AudioPackets);

/// <summary>
/// Four seconds of test pattern and tone, muxed by ffmpeg into MPEG-TS with each codec pair the
/// native UDP family carries. Made once per test run; ffprobe's packet counts are the reference.
/// </summary>
internal static class TsClips
{
    public const int Seconds = 4;
    private const string Sources = "-f lavfi -i testsrc=size=320x240:rate=25 -f lavfi -i sine=frequency=440:sample_rate=48000";
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly Dictionary<string, TsClip> Made = new();

    public static Task<TsClip> H264AacAsync() => MakeAsync("h264-aac",
        "-c:v libx264 -preset veryfast -g 25 -bf 2 -pix_fmt yuv420p -c:a aac -b:a 64k");

    public static Task<TsClip> H265Mp2Async() => MakeAsync("h265-mp2",
        "-c:v libx265 -preset ultrafast -x265-params keyint=25:min-keyint=25:log-level=error -pix_fmt yuv420p -c:a mp2 -b:a 128k");

    public static Task<TsClip> H264OpusAsync() => MakeAsync("h264-opus",
        "-c:v libx264 -preset veryfast -g 25 -bf 0 -pix_fmt yuv420p -c:a libopus -b:a 64k");

    public static Task<TsClip> Mpeg1Mp2Async() => MakeAsync("mpeg1-mp2",
        "-c:v mpeg1video -b:v 800k -g 25 -c:a mp2 -b:a 128k");

    public static IEnumerable<object[]> All() => [["h264-aac"], ["h265-mp2"], ["h264-opus"], ["mpeg1-mp2"]];

    public static Task<TsClip> ByNameAsync(string name) => name switch
    {
        "h264-aac" => H264AacAsync(),
        "h265-mp2" => H265Mp2Async(),
        "h264-opus" => H264OpusAsync(),
        "mpeg1-mp2" => Mpeg1Mp2Async(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such clip"),
    };

    private static async Task<TsClip> MakeAsync(string name, string codecs)
    {
        await Gate.WaitAsync();
        try
        {
            if (Made.TryGetValue(name, out var made))
                return made;
            var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"udp-tests-{name}-{Environment.ProcessId}.ts");
            var run = await Tool.FfmpegAsync($"-v error -y {Sources} -t {Seconds} {codecs} -f mpegts {path}");
            Assert.True(run.ExitCode == 0, $"ffmpeg could not make {name}: {run}");
            var video = await PacketsAsync(path, "v");
            var audio = await PacketsAsync(path, "a");
            made = new TsClip(name, path, await CodecAsync(path, "v"), await CodecAsync(path, "a"),
                video.Length, video.Count(flags => flags.Contains('K')), audio.Length);
            Made[name] = made;
            return made;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>The flags of every packet of the first stream of <paramref name="kind"/>, as ffprobe demuxes them.</summary>
    private static async Task<string[]> PacketsAsync(string path, string kind)
    {
        var run = await Tool.FfprobeAsync($"-v error -select_streams {kind}:0 -show_entries packet=flags -of csv=p=0 {path}");
        Assert.True(run.ExitCode == 0, run.ToString());
        return run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    public static async Task<string> CodecAsync(string path, string kind)
    {
        var run = await Tool.FfprobeAsync($"-v error -select_streams {kind}:0 -show_entries stream=codec_name -of csv=p=0 {path}");
        Assert.True(run.ExitCode == 0, run.ToString());
        return run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "none"; // TS repeats streams under their program
    }
}
