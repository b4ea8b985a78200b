using System.Diagnostics;

namespace InteropGateway.Bench.Servers;

/// <summary>Our gateway (Release build of Gateway.Host) as a child process bound to loopback.</summary>
internal sealed class GatewayServer(ChildProcesses children, string repoRoot, bool build) : IRtmpServer
{
    private Process? _process;
    private readonly List<string> _stderr = [];

    public string Name => "gateway";
    public int Pid => _process?.Id ?? throw new InvalidOperationException("not started");
    public int RtmpPort { get; } = Net.FreePort();
    /// <summary>API, WHEP, H5 WebSocket and H5 ingest.</summary>
    public int HttpPort { get; } = Net.FreePort();
    /// <summary>The one WebRTC media port (ICE-lite, UDP only here).</summary>
    public int WebRtcUdpPort { get; } = Net.FreePort();
    /// <summary>The SRT listener (UDP); in the bench's range, not the default 10080 that other suites may hold.</summary>
    public int SrtPort { get; } = Net.FreePort();
    /// <summary>The multiplexed TLS port (RTMPS, HTTPS, WSS, plain RTMP sniffed); never the default 8443, which two gateways would fight over.</summary>
    public int TlsPort { get; } = Net.FreePort();

    public async Task StartAsync()
    {
        if (build) await BuildAsync(children, repoRoot);
        var dll = Path.Combine("Gateway", "Host", "bin", "Release", "net10.0", "InteropGateway.dll");
        if (!File.Exists(Path.Combine(repoRoot, dll))) throw new FileNotFoundException("gateway not built", dll);
        _process = children.Start("dotnet",
        [
            dll, "--Gateway:BindAddress=127.0.0.1", $"--Gateway:HttpPort={HttpPort}",
            $"--Gateway:Rtmp:Port={RtmpPort}", "--Logging:LogLevel:Default=Warning",
            // WebRTC on loopback and in the bench's port range (the defaults bind UDP/TCP 8000 on every interface).
            "--Gateway:WebRtc:BindAddress=127.0.0.1", $"--Gateway:WebRtc:UdpPort={WebRtcUdpPort}", $"--Gateway:WebRtc:TcpPort={WebRtcUdpPort}",
            "--Gateway:WebRtc:EnableIceTcp=false", "--Gateway:WebRtc:CandidateAddresses:0=127.0.0.1",
            $"--Gateway:Srt:Port={SrtPort}", $"--Gateway:Tls:Port={TlsPort}",
            // Only the benchmark's own stream: the demo would add its encoder to every figure.
            "--Gateway:Demo:Enabled=false", "--Gateway:MiniProgram:Port=-1",
        ], workDir: repoRoot, onOutput: l => { lock (_stderr) _stderr.Add(l); });
        try
        {
            await Net.WaitForListenerAsync(RtmpPort, TimeSpan.FromSeconds(30), () => !_process.HasExited, Name);
            await Net.WaitForListenerAsync(HttpPort, TimeSpan.FromSeconds(10), () => !_process.HasExited, Name);
        }
        catch { lock (_stderr) Console.Error.WriteLine(string.Join('\n', _stderr)); throw; }
    }

    /// <summary>Release build; another build holding files is waited out (30 s, up to 5 tries).</summary>
    public static async Task BuildAsync(ChildProcesses children, string repoRoot)
    {
        for (var attempt = 1; ; attempt++)
        {
            Console.WriteLine($"building gateway (attempt {attempt}) ...");
            var (code, output) = await children.RunAsync("dotnet",
                ["build", "Gateway/Host/Gateway.Host.csproj", "-c", "Release", "-nologo", "-v", "quiet", "-clp:ErrorsOnly"],
                TimeSpan.FromMinutes(5), workDir: repoRoot, logCommand: attempt == 1);
            if (code == 0) return;
            var inUse = output.Contains("being used by another process", StringComparison.OrdinalIgnoreCase)
                        || output.Contains("MSB3026") || output.Contains("MSB3027") || output.Contains("MSB3021");
            if (!inUse || attempt >= 5) throw new InvalidOperationException($"gateway build failed ({code}):\n{output}");
            await Task.Delay(TimeSpan.FromSeconds(30));
        }
    }

    public ValueTask DisposeAsync()
    {
        if (_process != null) children.Stop(_process, graceMs: 5000);
        return ValueTask.CompletedTask;
    }
}
