using System.Runtime.InteropServices;

namespace InteropGateway.Adapters.Udp.Native;

/// <summary>SRT_EPOLL_EVENT: a socket and what it is ready for.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SrtEpollEvent
{
    public int Socket;
    public SrtEpollFlags Events;
}

/// <summary>SRT_EPOLL_OPT bits, and the srt_epoll_set flags.</summary>
[Flags]
internal enum SrtEpollFlags
{
    None = 0,
    In = 0x1,       // readable; on a listener: a connection to accept
    Out = 0x4,      // writable; on a caller: connected
    Error = 0x8,    // broken, closed, or the connection failed
    EdgeTriggered = unchecked((int)0x80000000),
}

internal static class SrtEpollSettings
{
    /// <summary>SRT_EPOLL_ENABLE_EMPTY: srt_epoll_uwait waits out its timeout on an empty set instead of failing.</summary>
    public const int EnableEmpty = 1;
}
