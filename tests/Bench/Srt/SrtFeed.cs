using System.Diagnostics;

namespace InteropGateway.Bench.Srt;

/// <summary>
/// One ffmpeg looping the fan-out clip (FLV: H.264 + AAC) in real time and publishing it over SRT as
/// MPEG-TS (<c>-c copy -f mpegts srt://...</c>, caller mode, live), exactly as the README tells users to.
/// ffmpeg's TS muxer turns AVCC into Annex B and adds ADTS headers on its own, so the bytes on the
/// wire are the RTMP feed's media, re-wrapped, not re-encoded.
/// </summary>
internal sealed class SrtFeed(ChildProcesses children, int srtPort, string stream) : IAsyncDisposable
{
    private Process? _process;
    private readonly List<string> _log = [];

    public string Url => $"srt://127.0.0.1:{srtPort}?streamid=#!::r={stream},m=publish";

    public void Start(string clip) =>
        _process = children.Start("ffmpeg",
        [
            "-hide_banner", "-nostdin", "-loglevel", "error", "-re", "-stream_loop", "-1", "-i", clip,
            "-c", "copy", "-f", "mpegts", Url,
        ], onOutput: l => { lock (_log) if (_log.Count < 50) _log.Add(l); });

    public void EnsureAlive()
    {
        if (_process is { HasExited: true })
            lock (_log) throw new InvalidOperationException($"SRT feed to {Url} exited ({_process.ExitCode}): {string.Join('\n', _log)}");
    }

    public ValueTask DisposeAsync()
    {
        if (_process != null) children.Stop(_process);
        return ValueTask.CompletedTask;
    }
}
