using System.Diagnostics;

namespace InteropGateway.Tests.Codecs;

/// <summary>
/// Runs the ffmpeg/ffprobe command-line tools as reference peers for the video and bitstream
/// tests: they make golden inputs and judge outputs, so our code is checked against FFmpeg itself.
/// </summary>
internal static class VideoCli
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError);

    public static Result Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {tool}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', arguments)} did not finish");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs ffmpeg quietly and fails the test with its error output if it fails.</summary>
    public static void Ffmpeg(params string[] arguments)
    {
        var result = Run("ffmpeg", ["-v", "error", "-nostdin", "-y", .. arguments]);
        Assert.True(result.ExitCode == 0, $"ffmpeg {string.Join(' ', arguments)} failed: {result.StandardError}");
    }

    /// <summary>
    /// Decodes <paramref name="path"/> completely with ffmpeg and asserts the DESIGN §4 playback
    /// criterion: exit code 0 and not one line on stderr at -v error.
    /// </summary>
    public static void AssertDecodesCleanly(string path, params string[] inputOptions)
    {
        var result = Run("ffmpeg", ["-v", "error", "-nostdin", .. inputOptions, "-i", path, "-f", "null", "-"]);
        Assert.True(result.ExitCode == 0 && result.StandardError.Length == 0,
            $"ffmpeg decoding {Path.GetFileName(path)} exited {result.ExitCode}: {result.StandardError}");
    }

    /// <summary>ffprobe's view of the first video stream: codec name, size and decoded frame count.</summary>
    public static (string Codec, int Width, int Height, int Frames) ProbeVideo(string path, params string[] inputOptions)
    {
        var result = Run("ffprobe", ["-v", "error", .. inputOptions, "-select_streams", "v:0", "-count_frames",
            "-show_entries", "stream=codec_name,width,height,nb_read_frames", "-of", "csv=p=0", path]);
        Assert.True(result.ExitCode == 0, $"ffprobe failed: {result.StandardError}");
        var fields = result.StandardOutput.Trim().Split(',');
        return (fields[0], int.Parse(fields[1]), int.Parse(fields[2]), int.Parse(fields[3]));
    }

    /// <summary>A fresh directory under /tmp for one test's files, removed by Dispose.</summary>
    public static TemporaryDirectory TempDirectory() => new();

    public sealed class TemporaryDirectory : IDisposable
    {
        public TemporaryDirectory()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "igw-video-" + Guid.NewGuid().ToString("N")[..8]);
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }
        public string File(string name) => System.IO.Path.Combine(Path, name);

        public void Dispose()
        {
            try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
        }
    }
}
