using System.Runtime.InteropServices;

namespace InteropGateway.Codecs.Native;

/// <summary>glibc: the per-thread CPU clock used to charge transcoding cost to a branch.</summary>
internal static unsafe partial class LibcImports
{
    private const string Library = "libc.so.6";

    internal const int ClockThreadCpuTime = 3; // CLOCK_THREAD_CPUTIME_ID

    [StructLayout(LayoutKind.Sequential)]
    internal struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport(Library)]
    internal static partial int clock_gettime(int clock, TimeSpec* time);
}
