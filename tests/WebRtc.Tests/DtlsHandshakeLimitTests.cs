using InteropGateway.Adapters.WebRtc.Dtls;
using InteropGateway.Adapters.WebRtc.Transport;
using Microsoft.Extensions.Options;

namespace InteropGateway.Tests.WebRtc;

/// <summary>Handshake threads are bounded: over the limit a handshake is refused at once, and slots come back when handshakes end.</summary>
public sealed class DtlsHandshakeLimitTests
{
    private static async Task WaitUntil(Func<bool> condition, string what)
    {
        for (var i = 0; i < 100 && !condition(); i++)
            await Task.Delay(50);
        Assert.True(condition(), $"not within 5 s: {what}");
    }

    [Fact]
    public async Task A_handshake_over_the_limit_is_refused_and_a_finished_one_frees_its_slot()
    {
        var certificate = DtlsCertificate.Generate();
        var limiter = new DtlsHandshakeLimiter(2);
        // Servers waiting for a ClientHello that never comes: each holds a handshake thread.
        var waiting = Enumerable.Range(0, 2)
            .Select(_ => new DtlsEndpoint(DtlsRole.Server, certificate, certificate.Fingerprint, (_, _, _) => { }, limiter: limiter)).ToList();
        foreach (var endpoint in waiting)
            endpoint.Start(TimeSpan.FromSeconds(30));
        Assert.Equal(2, limiter.InProgress);

        using var third = new DtlsEndpoint(DtlsRole.Server, certificate, certificate.Fingerprint, (_, _, _) => { }, limiter: limiter);
        third.Start(TimeSpan.FromSeconds(30));
        var refusal = await Assert.ThrowsAsync<DtlsFailedException>(() => third.Handshake.WaitAsync(TimeSpan.FromSeconds(1)));
        Assert.Contains("refused: 2 DTLS handshakes already in progress", refusal.Message);
        Assert.Equal(1, limiter.Refused);

        // Ending a waiting handshake wakes and ends its thread, which gives the slot back.
        waiting[0].Dispose();
        await WaitUntil(() => limiter.InProgress == 1, "the disposed handshake's slot came back");
        using var fourth = new DtlsEndpoint(DtlsRole.Server, certificate, certificate.Fingerprint, (_, _, _) => { }, limiter: limiter);
        fourth.Start(TimeSpan.FromSeconds(30));
        Assert.Equal(2, limiter.InProgress);
        Assert.False(fourth.Handshake.IsCompleted);

        fourth.Dispose();
        waiting[1].Dispose();
        await WaitUntil(() => limiter.InProgress == 0, "every slot came back");
    }

    [Fact]
    public async Task A_server_at_its_limit_fails_the_new_session_with_the_reason_and_forgets_it()
    {
        await using var server = new WebRtcTransportServer(Options.Create(new WebRtcTransportOptions
        {
            UdpPort = 0,
            TcpPort = 0,
            BindAddress = "127.0.0.1",
            DtlsHandshakeTimeout = TimeSpan.FromSeconds(30),
            MaxConcurrentDtlsHandshakes = 1,
        }));
        await server.StartAsync(CancellationToken.None);
        await using var firstBrowser = new FakeBrowser(server.LocalUdpEndPoint!);
        await using var secondBrowser = new FakeBrowser(server.LocalUdpEndPoint!);
        var first = server.CreatePeer(firstBrowser.Offer());
        var second = server.CreatePeer(secondBrowser.Offer());

        var closure = await second.Closed.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(PeerTransportCloseReason.DtlsFailed, closure.Reason);
        Assert.Contains("refused", closure.Detail);
        await WaitUntil(() => server.SessionCount == 1, "the refused session was forgotten");
        Assert.False(first.Closed.IsCompleted);
        Assert.Equal(1, server.Handshakes.InProgress);

        first.Dispose();
        await WaitUntil(() => server.Handshakes.InProgress == 0, "the first session's slot came back");
    }
}
