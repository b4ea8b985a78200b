using System.Runtime.InteropServices;

namespace InteropGateway.Bench.Transcode;

/// <summary>
/// getrusage(2): CPU time (user + system, microsecond resolution) of this process, all its threads
/// included (codec helper threads too), and of its reaped children. .NET reaps the children it
/// starts (waitpid) before WaitForExit returns, so a child's whole CPU time lands in
/// RUSAGE_CHILDREN by then: the delta around one child run is that child's CPU time.
/// </summary>
internal static class CpuClock
{
    private const int RusageSelf = 0;
    private const int RusageChildren = -1;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeVal { public long Seconds; public long Microseconds; }

    [StructLayout(LayoutKind.Sequential)]
    private struct RUsage
    {
        public TimeVal User;
        public TimeVal System;
        public long MaxRss, IxRss, IdRss, IsRss, MinFlt, MajFlt, NSwap, InBlock, OuBlock, MsgSnd, MsgRcv, NSignals, NVcsw, NIvcsw;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int getrusage(int who, out RUsage usage);

    /// <summary>CPU seconds used so far by this process (every thread).</summary>
    public static Sample Self() => Read(RusageSelf);

    /// <summary>CPU seconds used so far by the children this process has reaped.</summary>
    public static Sample Children() => Read(RusageChildren);

    private static Sample Read(int who)
    {
        if (getrusage(who, out var u) != 0)
            throw new InvalidOperationException($"getrusage failed: errno {Marshal.GetLastPInvokeError()}");
        static double S(TimeVal t) => t.Seconds + t.Microseconds / 1e6;
        return new Sample(S(u.User), S(u.System), u.NVcsw, u.NIvcsw);
    }

    /// <param name="VoluntarySwitches">Context switches where the thread waited (nvcsw): thread wake-ups, roughly.</param>
    public readonly record struct Sample(double UserSeconds, double SystemSeconds, long VoluntarySwitches, long InvoluntarySwitches)
    {
        public double Seconds => UserSeconds + SystemSeconds;

        public static Sample operator -(Sample a, Sample b) =>
            new(a.UserSeconds - b.UserSeconds, a.SystemSeconds - b.SystemSeconds,
                a.VoluntarySwitches - b.VoluntarySwitches, a.InvoluntarySwitches - b.InvoluntarySwitches);
    }
}
