using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using InteropGateway.Adapters.WebRtc.Ice;
using InteropGateway.Adapters.WebRtc.Transport;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging.Abstractions;

namespace InteropGateway.Tests.WebRtc;

/// <summary>
/// ICE-TCP handed over by the multiplexed port through <see cref="IceTcpProtocol"/>: over in-memory pipes,
/// and over a real TLS connection on loopback (ICE-TCP inside TLS, as a browser reaches port 443).
/// </summary>
public sealed class IceTcpMultiplexedTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private WebRtcTransportServer _server = null!;
    private IceTcpProtocol _protocol = null!;

    public async Task InitializeAsync()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new WebRtcTransportOptions
        {
            UdpPort = 0,
            TcpPort = 0,
            BindAddress = "127.0.0.1",
        });
        _server = new WebRtcTransportServer(options);
        await _server.StartAsync(CancellationToken.None);
        _protocol = new IceTcpProtocol(_server, options, NullLogger<IceTcpProtocol>.Instance);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_check_over_in_memory_pipes_is_answered_for_a_live_session()
    {
        var toGateway = new Pipe();
        var fromGateway = new Pipe();
        var remote = new IPEndPoint(IPAddress.Parse("192.0.2.44"), 50123);
        var connection = new DefaultConnectionContext("ice-pipe")
        {
            Transport = new DuplexPipe(toGateway.Reader, fromGateway.Writer),
            RemoteEndPoint = remote,
        };
        var browser = new FakeBrowser(toGateway.Writer.AsStream(), fromGateway.Reader.AsStream());
        await using var _ = browser;
        using var peer = _server.CreatePeer(browser.Offer());

        var check = browser.CheckAsync(peer.LocalUfrag, peer.LocalPassword, timeoutMs: 5000);
        var serving = await MultiplexerStandIn.ProbeThenServeAsync(_protocol, connection, Timeout);
        var response = await check;

        AssertAnswered(response, peer, remote);
        Assert.Equal(1, Interlocked.Read(ref _server.Counters.TcpConnections));

        // The client hanging up ends the serving task and, as it was the session's only path, the session.
        await toGateway.Writer.CompleteAsync();
        await serving.WaitAsync(Timeout);
        Assert.Equal(PeerTransportCloseReason.ClosedByPeer, (await peer.Closed.WaitAsync(Timeout)).Reason);
    }

    [Fact]
    public async Task Bad_framing_after_the_check_ends_the_served_connection()
    {
        var toGateway = new Pipe();
        var fromGateway = new Pipe();
        var connection = new DefaultConnectionContext("ice-bad")
        {
            Transport = new DuplexPipe(toGateway.Reader, fromGateway.Writer),
            RemoteEndPoint = new IPEndPoint(IPAddress.Loopback, 40000),
        };
        var browser = new FakeBrowser(toGateway.Writer.AsStream(), fromGateway.Reader.AsStream());
        await using var _ = browser;
        using var peer = _server.CreatePeer(browser.Offer());
        var check = browser.CheckAsync(peer.LocalUfrag, peer.LocalPassword, timeoutMs: 5000);
        var serving = await MultiplexerStandIn.ProbeThenServeAsync(_protocol, connection, Timeout);
        Assert.NotNull(await check);

        browser.SendRaw(new byte[9000]); // framed as 9000 bytes: over MaxTcpFrameLength
        await serving.WaitAsync(Timeout);
        Assert.Equal(1, Interlocked.Read(ref _server.Counters.TcpFramingErrors));
        var closed = await fromGateway.Reader.ReadAsync().AsTask().WaitAsync(Timeout);
        Assert.True(closed.IsCompleted); // the gateway completed its side of the pipe
    }

    [Fact]
    public async Task Ice_tcp_inside_tls_carries_the_check_dtls_and_srtp()
    {
        using var certificate = SelfSignedCertificate();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var client = new TcpClient();
        var connecting = client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        using var accepted = await listener.AcceptTcpClientAsync().WaitAsync(Timeout);
        await connecting.WaitAsync(Timeout);

        var gatewayTls = new SslStream(accepted.GetStream());
        var browserTls = new SslStream(client.GetStream());
        await Task.WhenAll(
            gatewayTls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }),
            browserTls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                // Trust exactly the certificate this test made, nothing else.
                RemoteCertificateValidationCallback = (_, presented, _, _) =>
                    presented is not null && presented.GetCertHashString() == certificate.GetCertHashString(),
            })).WaitAsync(Timeout);
        Assert.True(gatewayTls.IsAuthenticated && gatewayTls.IsEncrypted);

        var remote = (IPEndPoint)accepted.Client.RemoteEndPoint!;
        var connection = new DefaultConnectionContext("ice-tls")
        {
            // What the multiplexed port hands over after TLS: the decrypted bytes as a pipe.
            Transport = new DuplexPipe(PipeReader.Create(gatewayTls), PipeWriter.Create(gatewayTls)),
            RemoteEndPoint = remote,
        };
        var browser = new FakeBrowser(browserTls, browserTls);
        await using var _ = browser;
        using var peer = _server.CreatePeer(browser.Offer());
        var received = new ConcurrentQueue<byte[]>();
        peer.RtpReceived += packet => received.Enqueue(packet.ToArray());

        var check = browser.CheckAsync(peer.LocalUfrag, peer.LocalPassword, timeoutMs: 5000);
        var serving = await MultiplexerStandIn.ProbeThenServeAsync(_protocol, connection, Timeout);
        AssertAnswered(await check, peer, remote);

        await browser.ConnectDtlsAsync(peer.LocalFingerprint);
        await peer.Connected.WaitAsync(Timeout);
        for (ushort sequence = 1; sequence <= 10; sequence++)
        {
            Assert.True(peer.SendRtp(TestPackets.Rtp(sequence)));
            browser.SendRtp(TestPackets.Rtp(sequence, ssrc: 0xCAFE));
        }
        await FakeBrowser.WaitUntilAsync(() => browser.ReceivedRtp.Count == 10 && received.Count == 10);
        Assert.Equal(TestPackets.Rtp(10), browser.ReceivedRtp.Last());
        Assert.Equal(TestPackets.Rtp(10, ssrc: 0xCAFE), received.Last());
        Assert.Equal(0, browser.UnprotectFailures);

        await browser.DisposeAsync();
        await serving.WaitAsync(Timeout);
        Assert.Equal(PeerTransportCloseReason.ClosedByPeer, (await peer.Closed.WaitAsync(Timeout)).Reason);
    }

    private static void AssertAnswered(byte[]? response, PeerTransport peer, IPEndPoint remote)
    {
        Assert.NotNull(response);
        Assert.True(StunMessage.TryParse(response, out var answer));
        Assert.Equal(StunMessageType.BindingSuccess, answer.Type);
        Assert.True(answer.VerifyIntegrity(Encoding.UTF8.GetBytes(peer.LocalPassword)));
        Assert.True(answer.VerifyFingerprint());
        Assert.True(answer.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(remote, mapped);
        Assert.True(peer.SelectedPath!.IsTcp);
        Assert.Equal(remote, peer.SelectedPath.RemoteEndPoint);
    }

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var ephemeral = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        // Through PKCS#12 so the private key is usable by the TLS stack on every platform.
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
    }
}
