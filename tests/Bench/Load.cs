using System.Diagnostics;

namespace InteropGateway.Bench;

/// <summary>
/// The load on one server: one looping ffmpeg publisher and N rtmpdump players writing to /dev/null,
/// all on <paramref name="stream"/> (app/stream); the srt mode uses the players only, on a stream published over SRT.
/// </summary>
internal sealed class Load(ChildProcesses children, int rtmpPort, string stream = "live/bench") : IAsyncDisposable
{
    private Process? _publisher;
    private readonly List<Process> _players = [];
    private readonly List<string> _publisherLog = [];

    public string Url => $"rtmp://127.0.0.1:{rtmpPort}/{stream}";
    public IReadOnlyList<Process> Players => _players;
    public Process Publisher => _publisher ?? throw new InvalidOperationException("no publisher");

    public void StartPublisher(string clip) =>
        _publisher = children.Start("ffmpeg",
        [
            "-hide_banner", "-nostdin", "-loglevel", "error", "-re", "-stream_loop", "-1", "-i", clip,
            "-c", "copy", "-f", "flv", Url,
        ], onOutput: l => { lock (_publisherLog) if (_publisherLog.Count < 50) _publisherLog.Add(l); });

    public void StartPlayers(int count)
    {
        for (var i = 0; i < count; i++)
            _players.Add(children.Start("rtmpdump", ["-q", "-v", "-r", Url, "-o", "/dev/null"], logCommand: i == 0));
    }

    public void StopPlayers()
    {
        // SIGTERM all first so they leave in parallel, then reap.
        foreach (var p in _players) { try { if (!p.HasExited) Posix.Kill(p.Id, Posix.SIGTERM); } catch { } }
        foreach (var p in _players) children.Stop(p, graceMs: 1000);
        _players.Clear();
    }

    public void EnsurePublisherAlive()
    {
        if (_publisher is { HasExited: true })
            lock (_publisherLog)
                throw new InvalidOperationException($"publisher exited ({_publisher.ExitCode}): {string.Join('\n', _publisherLog)}");
    }

    public ValueTask DisposeAsync()
    {
        StopPlayers();
        if (_publisher != null) children.Stop(_publisher);
        return ValueTask.CompletedTask;
    }
}
