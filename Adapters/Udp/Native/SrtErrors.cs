using System.Runtime.InteropServices;

namespace InteropGateway.Adapters.Udp.Native;

/// <summary>The SRT_ERRNO values the gateway tells apart (srt.h: 1000 * major + minor).</summary>
internal static class SrtErrors
{
    public const int ConnectionRejected = 1002;   // SRT_ECONNREJ: see srt_getrejectreason
    public const int ConnectionLost = 2001;       // SRT_ECONNLOST
    public const int NoConnection = 2002;         // SRT_ENOCONN
    public const int InvalidSocket = 5004;        // SRT_EINVSOCK
    public const int WouldBlockSend = 6001;       // SRT_EASYNCSND
    public const int WouldBlockReceive = 6002;    // SRT_EASYNCRCV

    /// <summary>This thread's last libsrt error code; read right after the failing call, on the same thread.</summary>
    public static unsafe int Last() => SrtImports.GetLastError(null);

    public static unsafe string LastText() => Marshal.PtrToStringUTF8((nint)SrtImports.GetLastErrorText()) ?? "unknown SRT error";
}

/// <summary>A libsrt call failed: <see cref="Code"/> is its SRT_ERRNO, <see cref="RejectReason"/> set when the handshake was refused.</summary>
internal sealed class SrtException(string message, int code, int rejectReason = 0) : IOException(message)
{
    public int Code { get; } = code;
    public int RejectReason { get; } = rejectReason;

    /// <summary>From this thread's last libsrt error: "srt_connect: Connection setup failure: connection rejected".</summary>
    public static SrtException FromLast(string operation) => new($"{operation}: {SrtErrors.LastText()}", SrtErrors.Last());
}
