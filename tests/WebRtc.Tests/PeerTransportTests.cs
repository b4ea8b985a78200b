using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using InteropGateway.Adapters.WebRtc.Dtls;
using InteropGateway.Adapters.WebRtc.Ice;
using InteropGateway.Adapters.WebRtc.Transport;
using Microsoft.Extensions.Options;

namespace InteropGateway.Tests.WebRtc;

/// <summary>Sessions on a real <see cref="WebRtcTransportServer"/> on 127.0.0.1, with an in-process browser.</summary>
public sealed class PeerTransportTests : IAsyncLifetime
{
    private WebRtcTransportServer _server = null!;

    private static WebRtcTransportOptions Options(TimeSpan? consent = null) => new()
    {
        UdpPort = 0,
        TcpPort = 0,
        BindAddress = "127.0.0.1",
        ConsentTimeout = consent ?? TimeSpan.FromSeconds(30),
        ConsentCheckInterval = TimeSpan.FromMilliseconds(50),
        DtlsHandshakeTimeout = TimeSpan.FromSeconds(10),
    };

    public async Task InitializeAsync() => await StartServer(Options());

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task StartServer(WebRtcTransportOptions options)
    {
        if (_server is not null)
            await _server.DisposeAsync();
        _server = new WebRtcTransportServer(Microsoft.Extensions.Options.Options.Create(options));
        await _server.StartAsync(CancellationToken.None);
    }

    private sealed class Received
    {
        public readonly ConcurrentQueue<byte[]> Rtp = new();
        public readonly ConcurrentQueue<byte[]> Rtcp = new();

        public Received(PeerTransport peer)
        {
            peer.RtpReceived += packet => Rtp.Enqueue(packet.ToArray());
            peer.RtcpReceived += packet => Rtcp.Enqueue(packet.ToArray());
        }
    }

    private async Task<(FakeBrowser Browser, PeerTransport Peer)> ConnectAsync()
    {
        var browser = new FakeBrowser(_server.LocalUdpEndPoint!);
        var peer = _server.CreatePeer(browser.Offer());
        Assert.NotNull(await browser.CheckAsync(peer.LocalUfrag, peer.LocalPassword));
        await browser.ConnectDtlsAsync(peer.LocalFingerprint);
        await peer.Connected.WaitAsync(TimeSpan.FromSeconds(10));
        return (browser, peer);
    }

    [Fact]
    public async Task Check_dtls_and_srtp_both_ways()
    {
        var browser = new FakeBrowser(_server.LocalUdpEndPoint!);
        await using var _ = browser;
        using var peer = _server.CreatePeer(browser.Offer());
        var received = new Received(peer);
        Assert.Equal("passive", peer.LocalSetup);
        Assert.StartsWith("sha-256 ", peer.LocalFingerprint);

        var response = await browser.CheckAsync(peer.LocalUfrag, peer.LocalPassword);
        Assert.NotNull(response);
        Assert.True(StunMessage.TryParse(response, out var answer));
        Assert.Equal(StunMessageType.BindingSuccess, answer.Type);
        Assert.True(answer.VerifyIntegrity(Encoding.UTF8.GetBytes(peer.LocalPassword)));
        Assert.True(answer.VerifyFingerprint());
        Assert.True(answer.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(browser.LocalEndPoint, mapped);

        await browser.ConnectDtlsAsync(peer.LocalFingerprint);
        await peer.Connected.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(peer.IsConnected);
        Assert.Equal(browser.LocalEndPoint, peer.RemoteEndPoint);

        for (ushort sequence = 1; sequence <= 20; sequence++)
        {
            Assert.True(peer.SendRtp(TestPackets.Rtp(sequence)));
            browser.SendRtp(TestPackets.Rtp(sequence, ssrc: 0xCAFE));
        }
        Assert.True(peer.SendRtcp(TestPackets.RtcpReceiverReport()));
        browser.SendRtcp(TestPackets.RtcpReceiverReport(0xCAFE));

        await FakeBrowser.WaitUntilAsync(() => browser.ReceivedRtp.Count == 20 && received.Rtp.Count == 20
            && browser.ReceivedRtcp.Count == 1 && received.Rtcp.Count == 1);
        Assert.Equal(TestPackets.Rtp(20), browser.ReceivedRtp.Last());
        Assert.Equal(TestPackets.Rtp(20, ssrc: 0xCAFE), received.Rtp.Last());
        Assert.Equal(TestPackets.RtcpReceiverReport(0xCAFE), received.Rtcp.Single());
        Assert.Equal(0, browser.UnprotectFailures);
        Assert.Equal(20, peer.Stats.RtpSent);
    }

    [Fact]
    public async Task Send_leaves_the_callers_packet_plain()
    {
        var (browser, peer) = await ConnectAsync();
        await using var _ = browser;
        using var __ = peer;
        var packet = TestPackets.Rtp(5);
        var copy = packet.ToArray();
        Assert.True(peer.SendRtp(packet));
        Assert.Equal(copy, packet);
    }

    [Fact]
    public async Task Wrong_integrity_check_is_ignored_and_a_correct_one_answered()
    {
        var browser = new FakeBrowser(_server.LocalUdpEndPoint!);
        await using var _ = browser;
        using var peer = _server.CreatePeer(browser.Offer());

        Assert.Null(await browser.CheckAsync(peer.LocalUfrag, "definitely-not-the-password", timeoutMs: 300));
        Assert.Equal(1, Interlocked.Read(ref _server.Counters.RejectedChecks));
        Assert.Null(peer.SelectedPath);

        Assert.NotNull(await browser.CheckAsync(peer.LocalUfrag, peer.LocalPassword));
        Assert.NotNull(peer.SelectedPath);
    }

    [Fact]
    public async Task Check_for_an_unknown_ufrag_is_ignored()
    {
        var browser = new FakeBrowser(_server.LocalUdpEndPoint!);
        await using var _ = browser;
        Assert.Null(await browser.CheckAsync("nobody", "whatever-password-here", timeoutMs: 300));
        Assert.Equal(1, Interlocked.Read(ref _server.Counters.UnknownUfrag));
    }

    [Fact]
    public async Task Garbage_datagrams_do_not_disturb_an_established_session()
    {
        var (browser, peer) = await ConnectAsync();
        await using var _ = browser;
        using var __ = peer;
        var received = new Received(peer);

        using var attacker = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        attacker.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var random = new Random(42);
        var garbage = new byte[1400];
        for (var i = 0; i < 600; i++)
        {
            random.NextBytes(garbage);
            var length = random.Next(1, garbage.Length);
            // Cover every demux branch: STUN-, DTLS- and RTP/RTCP-looking junk, and the rest.
            garbage[0] = (i % 4) switch { 0 => (byte)random.Next(0, 4), 1 => (byte)random.Next(20, 64), 2 => (byte)random.Next(128, 192), _ => garbage[0] };
            if (i % 8 == 0 && length >= 20)
            {
                garbage[4] = 0x21; garbage[5] = 0x12; garbage[6] = 0xA4; garbage[7] = 0x42;
            }
            // From a stranger, and from the browser's own address (where it reaches SRTP/DTLS of the session).
            attacker.SendTo(garbage.AsSpan(0, length), SocketFlags.None, _server.LocalUdpEndPoint!);
            browser.SendRaw(garbage.AsSpan(0, length));
        }
        // A well-formed check with the right ufrag but a forged password, from the stranger.
        attacker.SendTo(IceLiteResponderTests.Check($"{peer.LocalUfrag}:{browser.Ice.Ufrag}", "forged-password-forged!!"),
            _server.LocalUdpEndPoint!);

        for (ushort sequence = 1; sequence <= 10; sequence++)
        {
            Assert.True(peer.SendRtp(TestPackets.Rtp(sequence)));
            browser.SendRtp(TestPackets.Rtp(sequence, ssrc: 0xBEEF));
        }
        await FakeBrowser.WaitUntilAsync(() => browser.ReceivedRtp.Count == 10 && received.Rtp.Count == 10);
        Assert.False(peer.Closed.IsCompleted);
        Assert.Equal(browser.LocalEndPoint, peer.RemoteEndPoint); // the stranger did not take over the path
        var counters = _server.Counters;
        Assert.True(Interlocked.Read(ref counters.Garbage) + Interlocked.Read(ref counters.UnknownAddress) > 0);
        Assert.True(Interlocked.Read(ref counters.SrtpUnprotectFailures) > 0);
        Assert.True(Interlocked.Read(ref counters.RejectedChecks) >= 1);
    }

    [Fact]
    public async Task Consent_is_lost_without_checks()
    {
        await StartServer(Options(consent: TimeSpan.FromMilliseconds(400)));
        var (browser, peer) = await ConnectAsync();
        await using var _ = browser;
        var closure = await peer.Closed.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(PeerTransportCloseReason.ConsentLost, closure.Reason);
        Assert.False(peer.SendRtp(TestPackets.Rtp(1)));
        Assert.Equal(0, _server.SessionCount);
    }

    [Fact]
    public async Task Dtls_failure_ends_only_that_session()
    {
        var (goodBrowser, good) = await ConnectAsync();
        await using var _ = goodBrowser;
        using var __ = good;
        var goodReceived = new Received(good);

        var badBrowser = new FakeBrowser(_server.LocalUdpEndPoint!);
        await using var ___ = badBrowser;
        // The SDP announced some other certificate than the one the browser presents.
        using var bad = _server.CreatePeer(badBrowser.Offer() with { RemoteFingerprint = DtlsCertificate.Generate().Fingerprint });
        Assert.NotNull(await badBrowser.CheckAsync(bad.LocalUfrag, bad.LocalPassword));
        var badHandshake = badBrowser.ConnectDtlsAsync(bad.LocalFingerprint).ContinueWith(t => t.Exception);

        var closure = await bad.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(PeerTransportCloseReason.DtlsFailed, closure.Reason);
        Assert.Contains("fingerprint", closure.Detail);
        var connectFailure = await Assert.ThrowsAsync<PeerTransportClosedException>(() => bad.Connected);
        Assert.Equal(PeerTransportCloseReason.DtlsFailed, connectFailure.Closure.Reason);

        goodBrowser.SendRtp(TestPackets.Rtp(1));
        Assert.True(good.SendRtp(TestPackets.Rtp(1)));
        await FakeBrowser.WaitUntilAsync(() => goodReceived.Rtp.Count == 1 && goodBrowser.ReceivedRtp.Count == 1);
        Assert.False(good.Closed.IsCompleted);
    }

    [Fact]
    public async Task Dispose_closes_with_a_reason_and_unregisters()
    {
        var browser = new FakeBrowser(_server.LocalUdpEndPoint!);
        await using var _ = browser;
        var peer = _server.CreatePeer(browser.Offer());
        Assert.Equal(1, _server.SessionCount);
        peer.Dispose();
        var closure = await peer.Closed.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(PeerTransportCloseReason.Disposed, closure.Reason);
        await Assert.ThrowsAsync<PeerTransportClosedException>(() => peer.Connected);
        Assert.Equal(0, _server.SessionCount);
        Assert.Null(await browser.CheckAsync(peer.LocalUfrag, peer.LocalPassword, timeoutMs: 300));
    }

    [Fact]
    public async Task Gateway_as_dtls_client_when_the_browser_is_passive()
    {
        var browser = new FakeBrowser(_server.LocalUdpEndPoint!);
        await using var _ = browser;
        using var peer = _server.CreatePeer(browser.Offer(DtlsRoles.FromRemoteSetup("passive")));
        Assert.Equal("active", peer.LocalSetup);
        var browserSide = browser.ConnectDtlsAsync(peer.LocalFingerprint, DtlsRole.Server);
        Assert.NotNull(await browser.CheckAsync(peer.LocalUfrag, peer.LocalPassword));
        await browserSide;
        await peer.Connected.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(peer.SendRtp(TestPackets.Rtp(9)));
        await FakeBrowser.WaitUntilAsync(() => browser.ReceivedRtp.Count == 1);
    }
}

/// <summary>The same session over passive ICE-TCP (RFC 6544) with RFC 4571 framing.</summary>
public sealed class IceTcpTransportTests : IAsyncLifetime
{
    private WebRtcTransportServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = new WebRtcTransportServer(Microsoft.Extensions.Options.Options.Create(new WebRtcTransportOptions
        {
            UdpPort = 0,
            TcpPort = 0,
            BindAddress = "127.0.0.1",
        }));
        await _server.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Check_dtls_and_srtp_over_ice_tcp()
    {
        var browser = new FakeBrowser(_server.LocalTcpEndPoint!, tcp: true);
        await using var _ = browser;
        using var peer = _server.CreatePeer(browser.Offer());
        var received = new ConcurrentQueue<byte[]>();
        peer.RtpReceived += packet => received.Enqueue(packet.ToArray());

        Assert.NotNull(await browser.CheckAsync(peer.LocalUfrag, peer.LocalPassword));
        await browser.ConnectDtlsAsync(peer.LocalFingerprint);
        await peer.Connected.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(peer.SelectedPath!.IsTcp);

        for (ushort sequence = 1; sequence <= 20; sequence++)
        {
            Assert.True(peer.SendRtp(TestPackets.Rtp(sequence)));
            browser.SendRtp(TestPackets.Rtp(sequence, ssrc: 0xCAFE));
        }
        await FakeBrowser.WaitUntilAsync(() => browser.ReceivedRtp.Count == 20 && received.Count == 20);
        Assert.Equal(TestPackets.Rtp(20), browser.ReceivedRtp.Last());
        Assert.Equal(TestPackets.Rtp(20, ssrc: 0xCAFE), received.Last());
    }

    [Fact]
    public async Task Closing_the_only_tcp_connection_ends_the_session()
    {
        var browser = new FakeBrowser(_server.LocalTcpEndPoint!, tcp: true);
        using var peer = _server.CreatePeer(browser.Offer());
        Assert.NotNull(await browser.CheckAsync(peer.LocalUfrag, peer.LocalPassword));
        await browser.DisposeAsync();
        var closure = await peer.Closed.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(PeerTransportCloseReason.ClosedByPeer, closure.Reason);
    }

    [Fact]
    public async Task Bad_framing_closes_only_that_connection()
    {
        using var junk = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await junk.ConnectAsync(_server.LocalTcpEndPoint!);
        await junk.SendAsync(new byte[] { 0xFF, 0xFF, 1, 2, 3 }, SocketFlags.None); // 65535 > MaxTcpFrameLength
        var buffer = new byte[16];
        var read = await junk.ReceiveAsync(buffer, SocketFlags.None).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(0, read); // closed by the server
        Assert.Equal(1, Interlocked.Read(ref _server.Counters.TcpFramingErrors));
    }
}
