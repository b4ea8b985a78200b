using System.Diagnostics;

namespace InteropGateway.Tests.Rtmp;

/// <summary>Runs the system ffmpeg with a timeout; tests use it to make golden inputs.</summary>
internal static class Ffmpeg
{
    public static string Run(string arguments, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo("ffmpeg", "-nostdin -hide_banner " + arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException("ffmpeg did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"ffmpeg {arguments} timed out");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"ffmpeg exited with {process.ExitCode}: {stderr.Result}");
        return stdout.Result;
    }

    public static string TempDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "rtmp-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}
