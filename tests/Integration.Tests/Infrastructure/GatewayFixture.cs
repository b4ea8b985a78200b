using System.Diagnostics;
using InteropGateway.Core.Relay;
using InteropGateway.Host;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InteropGateway.Tests.Integration.Infrastructure;

/// <summary>
/// The real gateway, in process, on free loopback ports, with every log line captured.
/// Short grace and play-wait periods keep the tests quick.
/// </summary>
public class GatewayFixture : IAsyncLifetime
{
    public int HttpPort { get; } = FreePort.Next();
    public int RtmpPort { get; } = FreePort.Next();
    public int WebRtcPort { get; } = FreePort.Next();
    public int SrtPort { get; } = FreePort.Next();
    /// <summary>The single multiplexed port: TLS (HTTPS, WSS, RTMPS, ICE-TCP) and plain RTMP / ICE-TCP.</summary>
    public int TlsPort { get; } = FreePort.Next();
    public LogCapture Logs { get; } = new();
    public WebApplication App { get; private set; } = null!;
    public StreamHub Hub => App.Services.GetRequiredService<StreamHub>();

    public string RtmpUrl(string key) => $"rtmp://127.0.0.1:{RtmpPort}/{key}";
    public string FlvUrl(string key) => $"http://127.0.0.1:{HttpPort}/{key}.flv";
    public string HttpUrl(string path) => $"http://127.0.0.1:{HttpPort}{path}";
    public string HttpsUrl(string path) => $"https://127.0.0.1:{TlsPort}{path}";
    public string PlainRtmpOnTlsPortUrl(string key) => $"rtmp://127.0.0.1:{TlsPort}/{key}";

    /// <summary>Service changes a derived fixture makes after the gateway registered its own.</summary>
    protected virtual void ConfigureBuilder(WebApplicationBuilder builder) { }

    /// <summary>Settings a derived fixture adds (command-line form, later ones win).</summary>
    protected virtual IEnumerable<string> ExtraSettings() => [];

    private IEnumerable<string> Settings() =>
    [
        "--Gateway:BindAddress=127.0.0.1",
        $"--Gateway:HttpPort={HttpPort}",
        $"--Gateway:Rtmp:Port={RtmpPort}",
        "--Gateway:Relay:PublisherGracePeriod=00:00:04",
        "--Gateway:Relay:PlayWaitTimeout=00:00:08",
        "--Gateway:Demo:Enabled=false", // tests publish what they check; DemoStreamTests cover the demo
        "--Gateway:MiniProgram:Port=-1", // off unless a fixture asks for it: one less port to collide
        $"--Gateway:WebRtc:UdpPort={WebRtcPort}",
        $"--Gateway:WebRtc:TcpPort={WebRtcPort}",
        "--Gateway:WebRtc:BindAddress=127.0.0.1",
        "--Gateway:WebRtc:CandidateAddresses:0=127.0.0.1",
        $"--Gateway:Srt:Port={SrtPort}",
        $"--Gateway:Tls:Port={TlsPort}",
        .. ExtraSettings(),
    ];

    /// <summary>Waits (bounded) until <paramref name="key"/> ("app/stream") has a publisher and a keyframe cached.</summary>
    public async Task<LiveStream> WaitForLiveAsync(string key)
    {
        var streamKey = Parse(key);
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < WaitLimit)
        {
            if (Hub.Find(streamKey) is { IsLive: true, GopCacheFrames: > 0 } stream)
                return stream;
            await Task.Delay(50);
        }
        throw new TimeoutException($"{key} did not go live within {WaitLimit.TotalSeconds} s");
    }

    /// <summary>Waits (bounded) until at least <paramref name="count"/> players are attached to <paramref name="key"/>.</summary>
    public async Task WaitForPlayersAsync(string key, int count)
    {
        var streamKey = Parse(key);
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < WaitLimit)
        {
            if (Hub.Find(streamKey)?.Subscribers.Count >= count)
                return;
            await Task.Delay(50);
        }
        throw new TimeoutException($"{count} players did not attach to {key} within {WaitLimit.TotalSeconds} s");
    }

    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(20);

    private static StreamKey Parse(string key) => new(key.Split('/')[0], key.Split('/')[1]);

    public async Task InitializeAsync()
    {
        App = GatewayApp.Build(Settings().ToArray(), builder =>
        {
            builder.Logging.AddProvider(Logs);
            ConfigureBuilder(builder);
        });
        await App.StartAsync();
    }

    public async Task DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await App.StopAsync(cts.Token);
        await App.DisposeAsync();
    }
}
