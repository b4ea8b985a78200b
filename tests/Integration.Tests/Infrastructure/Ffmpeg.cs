using System.Diagnostics;
using System.Text;

namespace InteropGateway.Tests.Integration.Infrastructure;

/// <summary>Result of one ffmpeg/ffprobe run: exit code and everything it printed.</summary>
public sealed record ToolRun(int ExitCode, string Stdout, string Stderr, bool TimedOut)
{
    public override string ToString() => $"exit {ExitCode}{(TimedOut ? " (timed out)" : "")}\nstderr:\n{Stderr}\nstdout (head):\n{Stdout[..Math.Min(Stdout.Length, 2000)]}";
}

/// <summary>Runs the real ffmpeg and ffprobe, always bounded in time.</summary>
public static class Ffmpeg
{
    public static Task<ToolRun> RunAsync(string arguments, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        RunToolAsync("ffmpeg", "-nostdin -hide_banner " + arguments, timeout, cancellationToken);

    public static Task<ToolRun> ProbeAsync(string arguments, TimeSpan timeout) =>
        RunToolAsync("ffprobe", "-hide_banner " + arguments, timeout, default);

    /// <summary>Starts a run without waiting, e.g. a publisher kept going while players come and go.</summary>
    public static async Task<ToolRun> RunToolAsync(string tool, string arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(tool, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {tool}");
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = !cancellationToken.IsCancellationRequested;
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            await process.WaitForExitAsync(CancellationToken.None);
        }
        process.WaitForExit(); // flushes the async output readers
        lock (stdout) lock (stderr)
            return new ToolRun(process.ExitCode, stdout.ToString(), stderr.ToString(), timedOut);
    }
}
