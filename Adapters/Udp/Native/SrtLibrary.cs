using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace InteropGateway.Adapters.Udp.Native;

/// <summary>
/// Process-wide libsrt state: srt_startup once, the version loaded, and libsrt's own log lines
/// (handshake refusals such as "rsp(REJECT): 1010 - Incorrect passphrase" are only said there)
/// forwarded to the gateway's logger.
/// </summary>
internal static unsafe class SrtLibrary
{
    private const int LogError = 3, LogWarning = 4;     // syslog levels, as libsrt uses them
    private const int LogFlagsMessageOnly = 1 | 2 | 4 | 8; // SRT_LOGF_DISABLE_TIME | _THREADNAME | _SEVERITY | _EOL

    private const string NothingToAccept = "no pending connection available at the moment";

    private static int _started;
    private static ILogger? _logger;

    public static void EnsureStarted()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0 && SrtImports.Startup() < 0)
            throw SrtException.FromLast("srt_startup");
    }

    /// <summary>"1.5.1", from srt_getversion (0xMMmmpp).</summary>
    public static string Version
    {
        get
        {
            var v = SrtImports.GetVersion();
            return $"{v >> 16}.{(v >> 8) & 0xFF}.{v & 0xFF}";
        }
    }

    /// <summary>Sends libsrt's warnings and errors to <paramref name="logger"/> (the last caller wins: libsrt has one handler).</summary>
    public static void ForwardLogs(ILogger logger)
    {
        EnsureStarted();
        Volatile.Write(ref _logger, logger);
        SrtImports.SetLogFlags(LogFlagsMessageOnly);
        SrtImports.SetLogHandler(0, &OnLog);
        SrtImports.SetLogLevel(LogWarning);
    }

    /// <summary>Runs on libsrt's threads: must not throw.</summary>
    [UnmanagedCallersOnly]
    private static void OnLog(nint opaque, int level, byte* file, int line, byte* area, byte* message)
    {
        try
        {
            var text = Marshal.PtrToStringUTF8((nint)message)?.TrimEnd();
            // The accept loop drains the listener until srt_accept says "would block", which libsrt logs as an error.
            if (text is null || text.EndsWith(NothingToAccept, StringComparison.Ordinal))
                return;
            Volatile.Read(ref _logger)?.Log(level <= LogError ? LogLevel.Warning : LogLevel.Information, "libsrt: {Message}", text);
        }
        catch (Exception)
        {
            // A failing log sink must not unwind into libsrt.
        }
    }
}
