using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using InteropGateway.Core.Relay;
using InteropGateway.Host;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace InteropGateway.Tests.WebRtc;

/// <summary>
/// ICE-TCP inside TLS through the real gateway's single port, end to end: a WHEP offer over HTTPS
/// asks for TCP, the answer's only candidate is the TLS port, and a client that opens TLS there and
/// speaks RFC 4571-framed STUN, DTLS and SRTP (no browser does this; relays and firewall-bound
/// clients can) receives the demo stream's media.
/// </summary>
public sealed class IceTcpOnTheTlsPortTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_whep_session_carries_stun_dtls_and_srtp_over_ice_tcp_inside_tls_on_the_single_port()
    {
        var tlsPort = FreeTcpPort();
        var webRtcPort = FreeTcpPort();
        await using var app = GatewayApp.Build(
        [
            "--Gateway:BindAddress=127.0.0.1", $"--Gateway:HttpPort={FreeTcpPort()}", $"--Gateway:Rtmp:Port={FreeTcpPort()}",
            "--Gateway:MiniProgram:Port=-1", $"--Gateway:Srt:Port={FreeTcpPort()}", $"--Gateway:Tls:Port={tlsPort}",
            $"--Gateway:WebRtc:UdpPort={webRtcPort}", $"--Gateway:WebRtc:TcpPort={webRtcPort}",
            "--Gateway:WebRtc:BindAddress=127.0.0.1", "--Gateway:WebRtc:CandidateAddresses:0=127.0.0.1",
            // The built-in demo is the stream: small, so it costs little.
            "--Gateway:Demo:Enabled=true", "--Gateway:Demo:Width=320", "--Gateway:Demo:Height=240", "--Gateway:Demo:VideoBitRate=300000",
        ]);
        await app.StartAsync();
        try
        {
            var hub = app.Services.GetRequiredService<StreamHub>();
            await FakeBrowser.WaitUntilAsync(() => hub.Find(new StreamKey("demo", "testsrc")) is { IsLive: true, GopCacheFrames: > 0 }, 10_000);

            using var tcp = new TcpClient();
            await tcp.ConnectAsync(IPAddress.Loopback, tlsPort);
            await using var tls = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true); // the gateway's self-signed certificate
            await tls.AuthenticateAsClientAsync("localhost").WaitAsync(Timeout);
            await using var browser = new FakeBrowser(tls, tls);

            var answer = await OfferAsync(tlsPort, SdpTestOffers.ChromeWhepRecvOnly
                .Replace("pQ9r", browser.Ice.Ufrag)
                .Replace("Tg7r2k1cZqN8yB4vWx5sLm0o", browser.Ice.Password)
                .Replace(SdpTestOffers.ChromeFingerprint, browser.Certificate.Fingerprint.ToString()));
            var candidates = Attributes(answer, "candidate").Distinct().ToArray();
            Assert.True(candidates.Length == 1, $"expected only the TLS port's candidate: {string.Join(" | ", candidates)}");
            Assert.Contains($" tcp ", candidates[0]);
            Assert.Contains($" {tlsPort} typ host tcptype passive", candidates[0]);

            var check = await browser.CheckAsync(Attributes(answer, "ice-ufrag").First(), Attributes(answer, "ice-pwd").First(), timeoutMs: 5000);
            Assert.NotNull(check);
            await browser.ConnectDtlsAsync(Attributes(answer, "fingerprint").First());
            await FakeBrowser.WaitUntilAsync(() => browser.ReceivedRtp.Count > 20, 15_000);
            // Media the gateway sent while this client was still installing its keys cannot decrypt (a browser
            // drops it too); from then on every packet must.
            var failuresOnceKeyed = Volatile.Read(ref browser.UnprotectFailures);
            var received = browser.ReceivedRtp.Count;
            await FakeBrowser.WaitUntilAsync(() => browser.ReceivedRtp.Count > received + 100, 15_000);
            Assert.Equal(failuresOnceKeyed, Volatile.Read(ref browser.UnprotectFailures));
        }
        finally
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await app.StopAsync(stop.Token);
        }
    }

    private static async Task<string> OfferAsync(int tlsPort, string offer)
    {
        using var http = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } });
        var response = await http.PostAsync($"https://127.0.0.1:{tlsPort}/whep/demo/testsrc?transport=tcp",
            new StringContent(offer, Encoding.UTF8, "application/sdp"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {body}");
        return body;
    }

    private static IEnumerable<string> Attributes(string sdp, string name) =>
        sdp.Split("\r\n").Where(l => l.StartsWith($"a={name}:", StringComparison.Ordinal)).Select(l => l[(name.Length + 3)..]);

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
