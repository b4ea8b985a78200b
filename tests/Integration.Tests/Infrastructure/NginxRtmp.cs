using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace InteropGateway.Tests.Integration.Infrastructure;

/// <summary>
/// nginx with Debian's RTMP module on loopback, the CDN stand-in: its own prefix and config in a
/// temp dir, one process (daemon off, master_process off) that the test starts, kills and restarts.
/// Applications: <c>live</c> (a plain ingest/edge), plus whatever <see cref="ExtraApplications"/> and
/// <see cref="HttpServer"/> add (an RTMP edge pulling from the gateway, an HTTP caching proxy).
/// </summary>
public sealed class NginxRtmp : IAsyncDisposable
{
    private readonly string _prefix = Directory.CreateTempSubdirectory("gw-nginx").FullName;
    private readonly StringBuilder _output = new();
    private Process? _process;

    public int RtmpPort { get; } = FreePort.Next();
    public int HttpPort { get; } = FreePort.Next();

    /// <summary>More <c>application</c> blocks inside the rtmp server (e.g. an edge with <c>pull</c>).</summary>
    public string ExtraApplications { get; init; } = "";

    /// <summary>More directives in the http <c>server</c> on <see cref="HttpPort"/> (which always serves <c>/stat</c>).</summary>
    public string HttpServer { get; init; } = "";

    public string RtmpUrl(string key) => $"rtmp://127.0.0.1:{RtmpPort}/{key}";
    public string HttpUrl(string path) => $"http://127.0.0.1:{HttpPort}{path}";
    public string Log => File.Exists(ErrorLog) ? File.ReadAllText(ErrorLog) : "";
    private string ErrorLog => Path.Combine(_prefix, "logs", "error.log");

    public static string ModulePath() =>
        Directory.Exists("/usr/lib/nginx/modules") && Directory.GetFiles("/usr/lib/nginx/modules", "ngx_rtmp_module.so") is [var path, ..]
            ? path
            : throw new FileNotFoundException("ngx_rtmp_module.so not found: install nginx and libnginx-mod-rtmp (scripts/deps.sh --test)");

    /// <summary>Writes the config and starts nginx; returns once it accepts RTMP connections (bounded).</summary>
    public async Task StartAsync()
    {
        Directory.CreateDirectory(Path.Combine(_prefix, "logs"));
        var conf = Path.Combine(_prefix, "nginx.conf");
        await File.WriteAllTextAsync(conf, Config());
        var start = new ProcessStartInfo("/usr/sbin/nginx")
        {
            ArgumentList = { "-p", _prefix + "/", "-e", ErrorLog, "-c", conf },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start nginx");
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (_process.HasExited)
                break;
            if (await AcceptsAsync(RtmpPort))
                return;
            await Task.Delay(50);
        }
        string output;
        lock (_output) output = _output.ToString();
        throw new InvalidOperationException($"nginx did not start listening on {RtmpPort}:\n{output}\n{Log}\nconfig:\n{Config()}");
    }

    /// <summary>Kills nginx at once (like a crash: connections are reset, nothing is flushed).</summary>
    public async Task KillAsync()
    {
        if (_process is null || _process.HasExited)
            return;
        _process.Kill();
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
        _process = null;
    }

    public async Task RestartAsync()
    {
        await KillAsync();
        await StartAsync();
    }

    /// <summary>Waits (bounded) until nginx reports <paramref name="count"/> players (non-publishing clients) of live/<paramref name="stream"/>.</summary>
    public async Task WaitForPlayersAsync(string stream, int count)
    {
        using var http = new HttpClient();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(15))
        {
            var stat = System.Xml.Linq.XDocument.Parse(await http.GetStringAsync(HttpUrl("/stat")));
            var players = stat.Descendants("stream")
                .Where(s => (string?)s.Element("name") == stream)
                .SelectMany(s => s.Elements("client"))
                .Count(c => c.Element("publishing") is null);
            if (players >= count)
                return;
            await Task.Delay(50);
        }
        throw new TimeoutException($"nginx did not see {count} players of {stream}");
    }

    /// <summary>Waits (bounded) until someone publishes <paramref name="stream"/> on nginx.</summary>
    public async Task WaitForPublisherAsync(string stream, TimeSpan? limit = null)
    {
        using var http = new HttpClient();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < (limit ?? TimeSpan.FromSeconds(15)))
        {
            var stat = System.Xml.Linq.XDocument.Parse(await http.GetStringAsync(HttpUrl("/stat")));
            if (stat.Descendants("stream").Any(s => (string?)s.Element("name") == stream && s.Descendants("publishing").Any()))
                return;
            await Task.Delay(50);
        }
        throw new TimeoutException($"nobody published {stream} on nginx");
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync("127.0.0.1", port).WaitAsync(TimeSpan.FromSeconds(1));
            return true;
        }
        catch (Exception ex) when (ex is SocketException or TimeoutException)
        {
            return false;
        }
    }

    private string Config()
    {
        var http = $$"""
            http {
                access_log off;
                client_body_temp_path {{_prefix}}/client_body;
                proxy_temp_path {{_prefix}}/proxy_temp;
                fastcgi_temp_path {{_prefix}}/fastcgi_temp;
                uwsgi_temp_path {{_prefix}}/uwsgi_temp;
                scgi_temp_path {{_prefix}}/scgi_temp;
                proxy_cache_path {{_prefix}}/cache keys_zone=edge:1m;
                server {
                    listen 127.0.0.1:{{HttpPort}};
                    location = /stat { rtmp_stat all; }
                    {{HttpServer}}
                }
            }
            """;
        return $$"""
            load_module {{ModulePath()}};
            daemon off;
            master_process off;
            worker_processes 1;
            pid {{_prefix}}/nginx.pid;
            error_log {{ErrorLog}} info;
            events { worker_connections 256; }
            rtmp {
                access_log off;
                server {
                    listen 127.0.0.1:{{RtmpPort}};
                    chunk_size 4096;
                    # wait_key/wait_video: a player joining mid-stream starts on a keyframe, as from the gateway.
                    application live { live on; wait_key on; wait_video on; }
                    {{ExtraApplications}}
                }
            }
            {{http}}
            """;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        try { Directory.Delete(_prefix, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
