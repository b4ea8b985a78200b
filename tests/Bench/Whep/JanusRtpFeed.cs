using System.Diagnostics;

namespace InteropGateway.Bench.Whep;

/// <summary>
/// Feeds Janus's RTP mountpoint from the clip, looping in real time: H.264 passed through
/// (RTP packets of at most 1200 bytes, as WebRTC senders use), AAC converted to Opus by ffmpeg
/// (96 kbit/s, as our gateway's branch). The Opus encode runs here, outside Janus's process.
/// </summary>
internal sealed class JanusRtpFeed(ChildProcesses children, Peers.JanusConfig config) : IAsyncDisposable
{
    private Process? _process;
    private readonly List<string> _log = [];

    public void Start(string clip) =>
        _process = children.Start("ffmpeg",
        [
            "-hide_banner", "-nostdin", "-loglevel", "error", "-re", "-stream_loop", "-1", "-i", clip,
            "-map", "0:v", "-c:v", "copy", "-f", "rtp", "-payload_type", $"{Peers.JanusConfig.VideoPayloadType}",
            $"rtp://127.0.0.1:{config.VideoPort}?pkt_size=1200",
            "-map", "0:a", "-c:a", "libopus", "-b:a", "96k", "-ar", "48000", "-ac", "2", "-f", "rtp",
            "-payload_type", $"{Peers.JanusConfig.AudioPayloadType}", $"rtp://127.0.0.1:{config.AudioPort}?pkt_size=1200",
        ], onOutput: l => { lock (_log) if (_log.Count < 50) _log.Add(l); });

    public void EnsureAlive()
    {
        if (_process is { HasExited: true })
            lock (_log) throw new InvalidOperationException($"Janus RTP feed exited ({_process.ExitCode}): {string.Join('\n', _log)}");
    }

    public ValueTask DisposeAsync()
    {
        if (_process != null) children.Stop(_process);
        return ValueTask.CompletedTask;
    }
}
