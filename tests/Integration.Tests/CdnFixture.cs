using InteropGateway.Adapters.Rtmp.Cdn;
using InteropGateway.Tests.Integration.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace InteropGateway.Tests.Integration;

/// <summary>
/// The gateway with CDN rules pointing at a real nginx-rtmp on loopback (started first, since the
/// rules name its port), and an RTMPS front for nginx:
/// <list type="bullet">
/// <item><c>fwd/*</c> is forwarded to nginx <c>live/*</c>; <c>fwds/*</c> by RTMPS without certificate
/// checks (self-signed); <c>fwdv/*</c> by RTMPS with checks (so it must be refused).</item>
/// <item><c>edge/*</c> is pulled from nginx <c>live/*</c> when a player asks for it.</item>
/// <item>nginx <c>gwedge/*</c> pulls from the gateway's <c>live/*</c> (the gateway as origin) and
/// nginx http proxies <c>/</c> to the gateway's HTTP port with a cache (a CDN HTTP edge).</item>
/// </list>
/// </summary>
public sealed class CdnFixture : GatewayFixture, IAsyncLifetime
{
    public NginxRtmp Nginx { get; }
    public NginxTlsFront Tls { get; }
    public CdnStatus Cdn => App.Services.GetRequiredService<CdnStatus>();

    public CdnFixture()
    {
        Nginx = new NginxRtmp
        {
            ExtraApplications = $"application gwedge {{ live on; pull rtmp://127.0.0.1:{RtmpPort}/live; }}",
            HttpServer = $$"""
                location / {
                    proxy_pass http://127.0.0.1:{{HttpPort}};
                    proxy_cache edge;
                    proxy_cache_valid any 1m;
                    add_header X-Cache-Status $upstream_cache_status always;
                }
                """,
        };
        Tls = new NginxTlsFront(Nginx.RtmpPort);
    }

    protected override IEnumerable<string> ExtraSettings() =>
    [
        "--Gateway:Relay:PublisherGracePeriod=00:00:02",
        "--Gateway:Relay:PlayWaitTimeout=00:00:03",
        "--Gateway:Cdn:Forward:0:App=fwd",
        $"--Gateway:Cdn:Forward:0:Url=rtmp://127.0.0.1:{Nginx.RtmpPort}/live/{{stream}}",
        "--Gateway:Cdn:Forward:1:App=fwds",
        $"--Gateway:Cdn:Forward:1:Url=rtmps://127.0.0.1:{Tls.Port}/live/{{stream}}?key=secret",
        "--Gateway:Cdn:Forward:1:ValidateCertificate=false",
        "--Gateway:Cdn:Forward:2:App=fwdv",
        $"--Gateway:Cdn:Forward:2:Url=rtmps://127.0.0.1:{Tls.Port}/live/{{stream}}",
        "--Gateway:Cdn:Pull:0:App=edge",
        $"--Gateway:Cdn:Pull:0:Url=rtmp://127.0.0.1:{Nginx.RtmpPort}/live/{{stream}}",
        "--Gateway:Cdn:PullIdleTimeout=00:00:02",
    ];

    async Task IAsyncLifetime.InitializeAsync()
    {
        await Nginx.StartAsync();
        await InitializeAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Tls.DisposeAsync();
        await Nginx.DisposeAsync();
    }
}
