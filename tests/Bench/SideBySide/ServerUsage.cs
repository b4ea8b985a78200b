using System.Diagnostics;

namespace InteropGateway.Bench.SideBySide;

/// <summary>CPU and memory of a server under test, from /proc, and its idle level (feed only, no viewers) before a window.</summary>
internal static class ServerUsage
{
    private static readonly TimeSpan IdleWindow = TimeSpan.FromSeconds(5);

    /// <summary>utime+stime of the server process so far, in ms; throws when it is gone.</summary>
    public static double CpuMs(string name, int pid) =>
        ProcFs.CpuMs(pid) ?? throw new InvalidOperationException($"{name} (pid {pid}) is gone");

    /// <summary>The feed checked, then 5 s with the feed only: CPU ms/s over them and RSS at their end.</summary>
    public static async Task<(double CpuMsPerSecond, double RssMb)> IdleAsync(string name, int pid, Action ensureFeedAlive, CancellationToken ct)
    {
        ensureFeedAlive();
        var cpu0 = CpuMs(name, pid);
        var watch = Stopwatch.StartNew();
        await Task.Delay(IdleWindow, ct);
        var cpu = (CpuMs(name, pid) - cpu0) / watch.Elapsed.TotalSeconds;
        return (cpu, ProcFs.RssMb(pid) ?? double.NaN);
    }
}
