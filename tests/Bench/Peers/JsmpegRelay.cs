namespace InteropGateway.Bench.Peers;

/// <summary>
/// The JSMpeg-style relay (tests/Bench/node/jsmpeg-style-relay.js) as a child process: POST ingest
/// on one port, WebSocket broadcast on another, both on 127.0.0.1.
/// </summary>
internal sealed class JsmpegRelay(ChildProcesses children) : IAsyncDisposable
{
    private NodeLoadGenerator? _node;

    public string Name => "jsmpeg-relay";
    public int IngestPort { get; } = Net.FreePort();
    public int WebSocketPort { get; } = Net.FreePort();
    public int Pid => _node?.Pid ?? throw new InvalidOperationException("not started");
    public string IngestUrl => $"http://127.0.0.1:{IngestPort}/bench";
    public string ViewerUrl => $"ws://127.0.0.1:{WebSocketPort}/";

    public async Task StartAsync()
    {
        _node = new NodeLoadGenerator(children, "jsmpeg-style-relay.js",
            ["--host", "127.0.0.1", "--ingest-port", $"{IngestPort}", "--ws-port", $"{WebSocketPort}"], logCommand: true);
        await _node.WaitForAsync("listening", TimeSpan.FromSeconds(15));
    }

    public async ValueTask DisposeAsync()
    {
        if (_node != null) await _node.DisposeAsync();
    }
}
