using System.Diagnostics;

namespace InteropGateway.Tests.Udp.Ts;

/// <summary>What one ffmpeg/ffprobe run printed, and how it ended.</summary>
internal sealed record ToolRun(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\nstderr:\n{Stderr}\nstdout (head):\n{Stdout[..Math.Min(Stdout.Length, 2000)]}";
}

/// <summary>Runs the real ffmpeg and ffprobe, bounded in time: they are the independent judges here.</summary>
internal static class Tool
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    public static Task<ToolRun> FfmpegAsync(string arguments) => RunAsync("ffmpeg", "-nostdin -hide_banner " + arguments);

    public static Task<ToolRun> FfprobeAsync(string arguments) => RunAsync("ffprobe", "-hide_banner " + arguments);

    public static async Task<ToolRun> RunAsync(string tool, string arguments)
    {
        var start = new ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {tool}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
        return new ToolRun(process.ExitCode, await stdout, await stderr);
    }
}
