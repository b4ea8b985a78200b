using System.Net.Security;
using System.Net.Sockets;
using InteropGateway.Tests.Integration.Infrastructure;

namespace InteropGateway.Tests.Integration;

/// <summary>
/// Everything through the one multiplexed port, with nothing else reachable at the clients' address:
/// ffmpeg publishes by RTMPS and plays by plain RTMP and by HTTPS-FLV, Chromium plays by WHEP over
/// ICE-TCP and by JSMpeg over WSS, all on <see cref="GatewayFixture.TlsPort"/>.
/// </summary>
public sealed class SinglePortTests(SinglePortFixture gateway, ITestOutputHelper output) : IClassFixture<SinglePortFixture>
{
    private static readonly TimeSpan PlayerTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Only_the_multiplexed_port_is_open_to_clients()
    {
        foreach (var port in new[] { gateway.HttpPort, gateway.RtmpPort, gateway.WebRtcPort })
        {
            using var client = new TcpClient();
            var refused = await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync(SinglePortFixture.ClientAddress, port));
            Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        }
        using var open = new TcpClient();
        await open.ConnectAsync(SinglePortFixture.ClientAddress, gateway.TlsPort);
    }

    [Fact]
    public async Task Ffmpeg_publishes_by_rtmps_and_plays_by_plain_rtmp_and_https_flv_on_the_same_port()
    {
        var clip = await SourceMedia.ClipAsync(6);
        const string key = "live/oneport";
        var dir = Directory.CreateTempSubdirectory("gw-oneport").FullName;
        var expected = await CleanPlayback.SourcePacketsAsync(clip, PlayerTimeout);

        var players = new[]
        {
            Ffmpeg.RunAsync(CleanPlayback.DecodeAndHashArgs(gateway.PlainRtmpUrl(key), $"{dir}/rtmp.md5"), PlayerTimeout),
            Ffmpeg.RunAsync(CleanPlayback.DecodeAndHashArgs(gateway.HttpsUrl($"/{key}.flv"), $"{dir}/flv.md5"), PlayerTimeout),
        };
        await gateway.WaitForPlayersAsync(key, 2);
        var publisher = await SourceMedia.PublishAsync(clip, gateway.RtmpsUrl(key));
        Assert.True(publisher.ExitCode == 0, publisher.ToString());

        Assert.NotNull(gateway.Logs.Lines.FirstOrDefault(l => l.Contains("Publisher rtmps ") && l.Contains($"started {key}")));
        var results = await Task.WhenAll(players);
        foreach (var (run, name) in results.Zip(new[] { "rtmp", "flv" }))
        {
            output.WriteLine($"{name}: {run}");
            var received = await CleanPlayback.AssertDecodedCleanlyAsync(run, $"{dir}/{name}.md5", name);
            CleanPlayback.AssertSamePackets(expected, received, name);
        }
    }

    [Fact]
    public async Task Chromium_plays_by_whep_over_ice_tcp_and_by_jsmpeg_over_wss_on_the_same_port()
    {
        var clip = await SourceMedia.WebRtcClipAsync(30);
        const string key = "live/oneport-browser";
        await using var publisher = await BackgroundPublisher.StartAsync(gateway, clip, key, gateway.RtmpsUrl(key));
        // No UDP at all: Chromium can only dial the answer's one TCP candidate, the multiplexed port.
        await using var chromium = await Chromium.LaunchAsync("--allow-loopback-in-peer-connection",
            "--webrtc-ip-handling-policy=disable_non_proxied_udp", "--ignore-certificate-errors");

        var whep = await chromium.NewPageAsync(output.WriteLine);
        await whep.GotoAsync(gateway.HttpsUrl($"/webrtc/play/{key}"));
        var first = await PageCounter.WaitForAsync(whep, "window.whep.framesDecoded", 30, TimeSpan.FromSeconds(25), "window.whep");
        var later = await PageCounter.WaitForAsync(whep, "window.whep.framesDecoded", first + 30, TimeSpan.FromSeconds(10), "window.whep");
        output.WriteLine($"WHEP over the multiplexed port: {first} then {later} frames decoded");
        Assert.NotNull(gateway.Logs.Lines.FirstOrDefault(l => l.Contains($"connected for {key} via tcp:")));

        var h5 = await chromium.NewPageAsync(output.WriteLine);
        var page = await h5.GotoAsync(gateway.HttpsUrl($"/play/{key}"));
        Assert.Equal(200, page!.Status);
        var pictures = await PageCounter.WaitForAsync(h5, "window.h5Stats ? window.h5Stats.decodedFrames : 0", 10, TimeSpan.FromSeconds(20), "window.h5Stats");
        var morePictures = await PageCounter.WaitForAsync(h5, "window.h5Stats.decodedFrames", pictures + 15, TimeSpan.FromSeconds(5), "window.h5Stats");
        output.WriteLine($"JSMpeg over WSS: {pictures} then {morePictures} pictures decoded");
    }

    [Fact]
    public async Task Rtmpdump_plays_by_rtmps_on_tls_1_2_while_alpn_clients_get_tls_1_3()
    {
        var clip = await SourceMedia.ClipAsync(10);
        const string key = "live/oneport-librtmp";
        await using var publisher = await BackgroundPublisher.StartAsync(gateway, clip, key, gateway.RtmpsUrl(key));
        // librtmp on GnuTLS fails on the session tickets a TLS 1.3 server sends after the handshake.
        var file = Path.Combine(Directory.CreateTempSubdirectory("gw-librtmp").FullName, "dump.flv");
        var dump = await Ffmpeg.RunToolAsync("rtmpdump", $"-q --live -r {gateway.RtmpsUrl(key)} -o {file} --stop 3", PlayerTimeout, default);
        output.WriteLine(dump.ToString());
        Assert.True(File.Exists(file) && new FileInfo(file).Length > 10_000, "rtmpdump saved nothing");
        var decode = await Ffmpeg.RunAsync($"-v error -i {file} -f null -", PlayerTimeout);
        Assert.True(decode.ExitCode == 0 && decode.Stderr.Trim().Length == 0, decode.ToString());

        Assert.Equal((System.Security.Authentication.SslProtocols.Tls12, ""), await HandshakeAsync(alpn: null));
        Assert.Equal((System.Security.Authentication.SslProtocols.Tls13, "h2"), await HandshakeAsync(alpn: "h2"));
    }

    private async Task<(System.Security.Authentication.SslProtocols, string)> HandshakeAsync(string? alpn)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(SinglePortFixture.ClientAddress, gateway.TlsPort);
        await using var tls = new SslStream(client.GetStream(), false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            ApplicationProtocols = alpn is null ? null : [new SslApplicationProtocol(alpn)],
        });
        return (tls.SslProtocol, tls.NegotiatedApplicationProtocol.ToString());
    }

    [Fact]
    public async Task Bytes_no_protocol_speaks_are_refused_with_a_log_line_and_the_port_keeps_serving()
    {
        using (var garbage = new TcpClient())
        {
            await garbage.ConnectAsync(SinglePortFixture.ClientAddress, gateway.TlsPort);
            var stream = garbage.GetStream();
            await stream.WriteAsync(new byte[] { 0x00, 0x01, 0xFF, 0xEE, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42 });
            var buffer = new byte[16];
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            Assert.Equal(0, await stream.ReadAsync(buffer, timeout.Token)); // closed by the gateway
        }
        Assert.NotNull(await gateway.Logs.WaitForAsync(TimeSpan.FromSeconds(5), "spoke no protocol served here"));

        // Inside TLS whatever is not RTMPS or ICE-TCP is HTTPS: garbage there gets HTTP's own refusal.
        using (var tlsGarbage = new TcpClient())
        {
            await tlsGarbage.ConnectAsync(SinglePortFixture.ClientAddress, gateway.TlsPort);
            await using var tls = new SslStream(tlsGarbage.GetStream(), false, (_, _, _, _) => true);
            await tls.AuthenticateAsClientAsync("localhost");
            await tls.WriteAsync("\u0001\u00ffnot a request\r\n\r\n"u8.ToArray());
            await tls.FlushAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var answer = new byte[64];
            var length = await tls.ReadAsync(answer, timeout.Token);
            Assert.StartsWith("HTTP/1.1 400", System.Text.Encoding.ASCII.GetString(answer, 0, length));
        }

        using var http = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } });
        var streams = await http.GetStringAsync(gateway.HttpsUrl("/api/streams"));
        Assert.StartsWith("{", streams.TrimStart());
    }
}
