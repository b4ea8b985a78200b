using System.Diagnostics;

namespace InteropGateway.Bench.Servers;

/// <summary>
/// nginx-rtmp (the anchor peer) on loopback with its own prefix and config in a temp dir; single
/// process (master_process off, daemon off) so its PID carries all the work.
/// </summary>
internal sealed class NginxRtmpServer(ChildProcesses children, string workDir) : IRtmpServer
{
    private Process? _process;
    private readonly List<string> _stderr = [];

    public string Name => "nginx-rtmp";
    public int Pid => _process?.Id ?? throw new InvalidOperationException("not started");
    public int RtmpPort { get; } = Net.FreePort();
    public string ConfigText { get; private set; } = "";

    public async Task StartAsync()
    {
        var prefix = Path.Combine(workDir, "nginx");
        Directory.CreateDirectory(Path.Combine(prefix, "logs"));
        var conf = Path.Combine(prefix, "nginx.conf");
        ConfigText = $$"""
            load_module {{Prerequisites.RtmpModulePath()}};
            daemon off;
            master_process off;
            worker_processes 1;
            pid {{prefix}}/nginx.pid;
            error_log {{prefix}}/logs/error.log warn;
            events { worker_connections 4096; }
            rtmp {
                access_log off;
                server {
                    listen 127.0.0.1:{{RtmpPort}};
                    chunk_size 4096;
                    application live { live on; }
                }
            }
            """;
        await File.WriteAllTextAsync(conf, ConfigText);
        _process = children.Start("/usr/sbin/nginx",
            ["-p", prefix + "/", "-e", Path.Combine(prefix, "logs", "error.log"), "-c", conf],
            onOutput: l => { lock (_stderr) _stderr.Add(l); });
        try { await Net.WaitForListenerAsync(RtmpPort, TimeSpan.FromSeconds(15), () => !_process.HasExited, Name); }
        catch { lock (_stderr) Console.Error.WriteLine(string.Join('\n', _stderr)); throw; }
    }

    public ValueTask DisposeAsync()
    {
        if (_process != null) children.Stop(_process);
        return ValueTask.CompletedTask;
    }
}
