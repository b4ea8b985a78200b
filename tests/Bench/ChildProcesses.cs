using System.Collections.Concurrent;
using System.Diagnostics;

namespace InteropGateway.Bench;

/// <summary>
/// Starts every child process of the bench and guarantees they all die: on Dispose, on process exit
/// (SIGTERM), on Ctrl+C, and after unhandled exceptions.
/// </summary>
internal sealed class ChildProcesses : IDisposable
{
    private readonly ConcurrentDictionary<int, Process> _live = new();
    private readonly List<string> _commandLog = [];

    public ChildProcesses()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        AppDomain.CurrentDomain.UnhandledException += (_, _) => KillAll();
    }

    /// <summary>Every distinct command line started (first one of a kind), for RESULTS.md.</summary>
    public IReadOnlyList<string> CommandLog => _commandLog;

    public Process Start(string file, IEnumerable<string> args, string? workDir = null, bool logCommand = true,
        Action<string>? onOutput = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,   // children never read our console
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workDir ?? Directory.GetCurrentDirectory(),
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        _live[p.Id] = p;
        p.OutputDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) onOutput?.Invoke(line); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) onOutput?.Invoke(line); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        if (logCommand) lock (_commandLog) _commandLog.Add(Describe(psi));
        return p;
    }

    /// <summary>Runs a short command to completion within the timeout; returns exit code and combined output.</summary>
    public async Task<(int Code, string Output)> RunAsync(string file, IEnumerable<string> args, TimeSpan timeout,
        string? workDir = null, bool logCommand = true)
    {
        var output = new System.Text.StringBuilder();
        var p = Start(file, args, workDir, logCommand, line => { lock (output) output.AppendLine(line); });
        using var cts = new CancellationTokenSource(timeout);
        try { await p.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { Stop(p); throw new TimeoutException($"{file} did not finish within {timeout}"); }
        p.WaitForExit(); // flush async readers
        _live.TryRemove(p.Id, out _);
        lock (output) return (p.ExitCode, output.ToString());
    }

    /// <summary>SIGTERM, a bounded wait, then SIGKILL of the whole tree.</summary>
    public void Stop(Process p, int graceMs = 2000)
    {
        try
        {
            if (!p.HasExited)
            {
                Posix.Kill(p.Id, Posix.SIGTERM);
                if (!p.WaitForExit(graceMs)) p.Kill(entireProcessTree: true);
                p.WaitForExit(2000);
            }
        }
        catch (InvalidOperationException) { }
        catch (System.ComponentModel.Win32Exception) { }
        _live.TryRemove(p.Id, out _);
        p.Dispose();
    }

    public void KillAll()
    {
        foreach (var (_, p) in _live)
        {
            try { if (!p.HasExited) p.Kill(entireProcessTree: true); } catch { /* already gone */ }
        }
        _live.Clear();
    }

    public void Dispose() => KillAll();

    private static string Describe(ProcessStartInfo psi) =>
        string.Join(' ', new[] { psi.FileName }.Concat(psi.ArgumentList).Select(Quote));

    private static string Quote(string s) => s.Length > 0 && s.All(c => char.IsLetterOrDigit(c) || "-_./:=,@+".Contains(c)) ? s : $"'{s.Replace("'", "'\\''")}'";
}
