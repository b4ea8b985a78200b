namespace InteropGateway.Codecs.Native;

/// <summary>
/// CPU time consumed by the calling thread (CLOCK_THREAD_CPUTIME_ID): charges a transcoder's work to
/// its branch without counting time the thread spent waiting. One cheap syscall, no allocation.
/// </summary>
public static unsafe class ThreadCpuClock
{
    public static TimeSpan Now()
    {
        LibcImports.TimeSpec time;
        if (LibcImports.clock_gettime(LibcImports.ClockThreadCpuTime, &time) != 0)
            return TimeSpan.Zero;
        return TimeSpan.FromTicks(time.Seconds * TimeSpan.TicksPerSecond + time.Nanoseconds / 100);
    }
}
