using System.Diagnostics;

namespace InteropGateway.Bench.H5;

/// <summary>
/// One ffmpeg looping the MPEG-1/MP2 TS clip in real time and POSTing it (<c>-f mpegts http://...</c>,
/// as JSMpeg deployments do) to one server. Both servers get the same bytes, copied, not re-encoded.
/// </summary>
internal sealed class TsPostFeed(ChildProcesses children, string url) : IAsyncDisposable
{
    private Process? _process;
    private readonly List<string> _log = [];

    public void Start(string clip) =>
        _process = children.Start("ffmpeg",
        [
            "-hide_banner", "-nostdin", "-loglevel", "error", "-re", "-stream_loop", "-1", "-i", clip,
            "-c", "copy", "-f", "mpegts", url,
        ], onOutput: l => { lock (_log) if (_log.Count < 50) _log.Add(l); });

    public void EnsureAlive()
    {
        if (_process is { HasExited: true })
            lock (_log) throw new InvalidOperationException($"TS feed to {url} exited ({_process.ExitCode}): {string.Join('\n', _log)}");
    }

    public ValueTask DisposeAsync()
    {
        if (_process != null) children.Stop(_process);
        return ValueTask.CompletedTask;
    }
}
