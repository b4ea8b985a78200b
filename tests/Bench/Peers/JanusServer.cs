using System.Diagnostics;

namespace InteropGateway.Bench.Peers;

/// <summary>Janus (Debian's janus package) as a child process with the bench's own configs; one process, all its threads in one PID.</summary>
internal sealed class JanusServer(ChildProcesses children, string workDir, string iceInterface) : IAsyncDisposable
{
    private const int RtpPortCount = 200; // two sessions' worth per viewer is far more than the bench opens
    private Process? _process;
    private readonly List<string> _output = [];

    public string Name => "janus";
    public int Pid => _process?.Id ?? throw new InvalidOperationException("not started");
    public JanusConfig Config { get; } = MakeConfig(workDir, iceInterface);
    public string BaseUrl => $"http://127.0.0.1:{Config.HttpPort}";

    private static JanusConfig MakeConfig(string workDir, string iceInterface)
    {
        var rtp = Net.FreePorts(RtpPortCount);
        return new JanusConfig(Path.Combine(workDir, "janus"), Net.FreePort(), rtp[0], rtp[^1], Net.FreePort(), Net.FreePort(), iceInterface);
    }

    public async Task StartAsync()
    {
        await Config.WriteAsync();
        _process = children.Start("janus", ["-C", Path.Combine(Config.Dir, "janus.jcfg"), "-F", Config.Dir, "--disable-colors"],
            onOutput: l => { lock (_output) { if (_output.Count < 500) _output.Add(l); } });
        try { await Net.WaitForListenerAsync(Config.HttpPort, TimeSpan.FromSeconds(20), () => !_process.HasExited, Name); }
        catch { Console.Error.WriteLine(Output()); throw; }
    }

    public string Output()
    {
        lock (_output) return string.Join('\n', _output.TakeLast(30));
    }

    public ValueTask DisposeAsync()
    {
        if (_process != null) children.Stop(_process, graceMs: 5000);
        return ValueTask.CompletedTask;
    }
}
