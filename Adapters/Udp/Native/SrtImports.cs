using System.Runtime.InteropServices;

namespace InteropGateway.Adapters.Udp.Native;

/// <summary>
/// Every libsrt entry point the gateway calls, in one place (Debian 12: libsrt1.5-openssl, soname
/// libsrt.so.1.5). Sockets are SRTSOCKET ids (int32); <see cref="SrtSocket"/> keeps them alive
/// across a call. Data calls take raw pointers into the caller's pinned buffer, so they never allocate.
/// </summary>
internal static unsafe partial class SrtImports
{
    public const string Library = "libsrt.so.1.5";

    /// <summary>SRT_ERROR and SRT_INVALID_SOCK.</summary>
    public const int Error = -1;

    [LibraryImport(Library, EntryPoint = "srt_startup")]
    public static partial int Startup();

    [LibraryImport(Library, EntryPoint = "srt_getversion")]
    public static partial uint GetVersion();

    [LibraryImport(Library, EntryPoint = "srt_create_socket")]
    public static partial int CreateSocket();

    [LibraryImport(Library, EntryPoint = "srt_bind")]
    public static partial int Bind(int socket, byte* address, int addressLength);

    [LibraryImport(Library, EntryPoint = "srt_listen")]
    public static partial int Listen(int socket, int backlog);

    [LibraryImport(Library, EntryPoint = "srt_accept")]
    public static partial int Accept(int listener, byte* address, int* addressLength);

    /// <summary>
    /// Installs the hook libsrt calls, on its receive thread, for each caller's conclusion handshake,
    /// before the socket is accepted: <c>int hook(void* opaque, SRTSOCKET ns, int hsversion,
    /// const struct sockaddr* peer, const char* streamid)</c>, 0 accepts, -1 rejects.
    /// </summary>
    [LibraryImport(Library, EntryPoint = "srt_listen_callback")]
    public static partial int ListenCallback(int listener, delegate* unmanaged<nint, int, int, byte*, byte*, int> hook, nint opaque);

    [LibraryImport(Library, EntryPoint = "srt_connect")]
    public static partial int Connect(int socket, byte* address, int addressLength);

    [LibraryImport(Library, EntryPoint = "srt_close")]
    public static partial int Close(int socket);

    [LibraryImport(Library, EntryPoint = "srt_getpeername")]
    public static partial int GetPeerName(int socket, byte* address, int* addressLength);

    [LibraryImport(Library, EntryPoint = "srt_getsockflag")]
    public static partial int GetSocketFlag(int socket, SrtOption option, void* value, int* valueLength);

    [LibraryImport(Library, EntryPoint = "srt_setsockflag")]
    public static partial int SetSocketFlag(int socket, SrtOption option, void* value, int valueLength);

    /// <summary>Live mode: one whole message (at most the payload size) per call; -1 with SRT_EASYNCSND when the send buffer is full.</summary>
    [LibraryImport(Library, EntryPoint = "srt_sendmsg")]
    public static partial int SendMessage(int socket, byte* buffer, int length, int ttlMs, int inOrder);

    /// <summary>Live mode: one whole message per call; -1 with SRT_EASYNCRCV when nothing is ready to play.</summary>
    [LibraryImport(Library, EntryPoint = "srt_recvmsg")]
    public static partial int ReceiveMessage(int socket, byte* buffer, int length);

    /// <summary>The calling thread's last error (SRT_ERRNO); libsrt keeps it per thread.</summary>
    [LibraryImport(Library, EntryPoint = "srt_getlasterror")]
    public static partial int GetLastError(int* systemErrno);

    [LibraryImport(Library, EntryPoint = "srt_getlasterror_str")]
    public static partial byte* GetLastErrorText();

    [LibraryImport(Library, EntryPoint = "srt_bstats")]
    public static partial int ByteStats(int socket, SrtTraceStats* stats, int clear);

    [LibraryImport(Library, EntryPoint = "srt_getsockstate")]
    public static partial SrtSocketState GetSocketState(int socket);

    [LibraryImport(Library, EntryPoint = "srt_getrejectreason")]
    public static partial int GetRejectReason(int socket);

    [LibraryImport(Library, EntryPoint = "srt_setrejectreason")]
    public static partial int SetRejectReason(int socket, int reason);

    [LibraryImport(Library, EntryPoint = "srt_rejectreason_str")]
    public static partial byte* RejectReasonText(int reason);

    [LibraryImport(Library, EntryPoint = "srt_epoll_create")]
    public static partial int EpollCreate();

    [LibraryImport(Library, EntryPoint = "srt_epoll_set")]
    public static partial int EpollSet(int epoll, int flags);

    [LibraryImport(Library, EntryPoint = "srt_epoll_add_usock")]
    public static partial int EpollAdd(int epoll, int socket, int* events);

    [LibraryImport(Library, EntryPoint = "srt_epoll_remove_usock")]
    public static partial int EpollRemove(int epoll, int socket);

    [LibraryImport(Library, EntryPoint = "srt_epoll_uwait")]
    public static partial int EpollWait(int epoll, SrtEpollEvent* events, int capacity, long timeoutMs);

    [LibraryImport(Library, EntryPoint = "srt_epoll_release")]
    public static partial int EpollRelease(int epoll);

    [LibraryImport(Library, EntryPoint = "srt_setloglevel")]
    public static partial void SetLogLevel(int level);

    /// <summary><c>void handler(void* opaque, int level, const char* file, int line, const char* area, const char* message)</c>, process-wide.</summary>
    [LibraryImport(Library, EntryPoint = "srt_setloghandler")]
    public static partial void SetLogHandler(nint opaque, delegate* unmanaged<nint, int, byte*, int, byte*, byte*, void> handler);

    /// <summary>srt_setlogflags: which decorations libsrt puts into the message a handler gets.</summary>
    [LibraryImport(Library, EntryPoint = "srt_setlogflags")]
    public static partial void SetLogFlags(int flags);
}
