using System.Runtime.InteropServices;

namespace InteropGateway.Bench;

/// <summary>The two libc calls the bench needs: kill(2) for a graceful SIGTERM and sysconf(_SC_CLK_TCK).</summary>
internal static class Posix
{
    public const int SIGTERM = 15;
    private const int _SC_CLK_TCK = 2;

    [DllImport("libc", SetLastError = true)] private static extern int kill(int pid, int sig);
    [DllImport("libc")] private static extern long sysconf(int name);

    public static void Kill(int pid, int sig) => kill(pid, sig);

    public static readonly long ClockTicksPerSecond = Math.Max(1, sysconf(_SC_CLK_TCK));
}
