using System.Diagnostics;

namespace InteropGateway.Bench.Tls;

/// <summary>
/// N ffmpeg players of one URL, each remuxing what it receives to FLV in /dev/null
/// (<c>ffmpeg -i URL -c copy -f flv /dev/null</c>). Not rtmpdump as in the fan-out mode: librtmp 2.4
/// built on GnuTLS gives up on RTMPS from a TLS 1.3 server (it takes the session tickets that follow
/// the handshake for a read error), so ffmpeg plays every variant and only the URL differs.
/// FLV to /dev/null rather than <c>-f null</c>: the written bytes (wchar) then count the media each player received.
/// </summary>
internal sealed class FfmpegPlayers(ChildProcesses children) : IDisposable
{
    private readonly List<Process> _players = [];

    public IReadOnlyList<Process> Players => _players;

    public void Start(string url, int count, bool logCommand)
    {
        for (var i = 0; i < count; i++)
            _players.Add(children.Start("ffmpeg",
                ["-hide_banner", "-nostdin", "-loglevel", "error", "-i", url, "-c", "copy", "-y", "-f", "flv", "/dev/null"],
                logCommand: logCommand && i == 0));
    }

    public void Stop()
    {
        // SIGTERM all first so they leave in parallel, then reap.
        foreach (var p in _players) { try { if (!p.HasExited) Posix.Kill(p.Id, Posix.SIGTERM); } catch { } }
        foreach (var p in _players) children.Stop(p, graceMs: 1000);
        _players.Clear();
    }

    public void Dispose() => Stop();
}
