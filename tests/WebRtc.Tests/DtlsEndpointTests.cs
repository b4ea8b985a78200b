using System.Net;
using System.Net.Sockets;
using InteropGateway.Adapters.WebRtc.Dtls;
using InteropGateway.Adapters.WebRtc.Native;

namespace InteropGateway.Tests.WebRtc;

/// <summary>DTLS-SRTP between a BouncyCastle client and our server over two UDP sockets on 127.0.0.1.</summary>
public sealed class DtlsEndpointTests
{
    private sealed class UdpEnd : IDisposable
    {
        public readonly Socket Socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        public IPEndPoint Peer = null!;
        public DtlsEndpoint Endpoint = null!;
        private readonly CancellationTokenSource _stop = new();

        public UdpEnd() => Socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));

        public IPEndPoint Local => (IPEndPoint)Socket.LocalEndPoint!;

        public void Send(byte[] buffer, int offset, int length) => Socket.SendTo(buffer.AsSpan(offset, length), SocketFlags.None, Peer);

        public Func<byte[], int, bool>? OnOther;

        public void StartReceiving() => _ = Task.Run(async () =>
        {
            var buffer = new byte[4096];
            while (!_stop.IsCancellationRequested)
            {
                int received;
                try
                {
                    received = await Socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                }
                catch (Exception)
                {
                    return;
                }
                if (buffer[0] is >= 20 and <= 63)
                    Endpoint.OnDatagram(buffer.AsSpan(0, received));
                else
                    OnOther?.Invoke(buffer, received);
            }
        });

        public void Dispose()
        {
            _stop.Cancel();
            Endpoint?.Dispose();
            Socket.Dispose();
        }
    }

    [Fact]
    public async Task Handshake_exports_matching_keys_and_srtp_flows_both_ways()
    {
        var serverCertificate = DtlsCertificate.Generate();
        var clientCertificate = DtlsCertificate.Generate("client");
        using var server = new UdpEnd();
        using var client = new UdpEnd();
        server.Peer = client.Local;
        client.Peer = server.Local;
        server.Endpoint = new DtlsEndpoint(DtlsRole.Server, serverCertificate, clientCertificate.Fingerprint, server.Send);
        client.Endpoint = new DtlsEndpoint(DtlsRole.Client, clientCertificate, serverCertificate.Fingerprint, client.Send);
        server.StartReceiving();
        client.StartReceiving();

        server.Endpoint.Start(TimeSpan.FromSeconds(10));
        client.Endpoint.Start(TimeSpan.FromSeconds(10));
        var serverKeys = await server.Endpoint.Handshake.WaitAsync(TimeSpan.FromSeconds(15));
        var clientKeys = await client.Endpoint.Handshake.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(SrtpProfile.AeadAes128Gcm, serverKeys.Profile);
        Assert.Equal(serverKeys.Profile, clientKeys.Profile);
        Assert.Equal(serverKeys.LocalKeyAndSalt, clientKeys.RemoteKeyAndSalt);
        Assert.Equal(serverKeys.RemoteKeyAndSalt, clientKeys.LocalKeyAndSalt);
        Assert.NotEqual(serverKeys.LocalKeyAndSalt, serverKeys.RemoteKeyAndSalt);

        // SRTP over the same two sockets, each way.
        using var serverOut = serverKeys.CreateOutbound();
        using var serverIn = serverKeys.CreateInbound();
        using var clientOut = clientKeys.CreateOutbound();
        using var clientIn = clientKeys.CreateInbound();
        var atClient = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        var atServer = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.OnOther = (buffer, length) =>
        {
            var ok = clientIn.UnprotectRtp(buffer.AsSpan(0, length), out var plain) == SrtpStatus.Ok;
            if (ok) atClient.TrySetResult(buffer.AsSpan(0, plain).ToArray());
            return ok;
        };
        server.OnOther = (buffer, length) =>
        {
            var ok = serverIn.UnprotectRtp(buffer.AsSpan(0, length), out var plain) == SrtpStatus.Ok;
            if (ok) atServer.TrySetResult(buffer.AsSpan(0, plain).ToArray());
            return ok;
        };

        var down = TestPackets.Rtp(1);
        var up = TestPackets.Rtp(2, ssrc: 0xABCDEF01);
        var buffer = new byte[1500];
        down.CopyTo(buffer, 0);
        Assert.Equal(SrtpStatus.Ok, serverOut.ProtectRtp(buffer, down.Length, out var length));
        server.Send(buffer, 0, length);
        up.CopyTo(buffer, 0);
        Assert.Equal(SrtpStatus.Ok, clientOut.ProtectRtp(buffer, up.Length, out length));
        client.Send(buffer, 0, length);

        Assert.Equal(down, await atClient.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(up, await atServer.Task.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Cm_sha1_80_is_negotiated_when_it_is_all_the_peer_offers()
    {
        var serverCertificate = DtlsCertificate.Generate();
        var clientCertificate = DtlsCertificate.Generate("client");
        using var server = new UdpEnd();
        using var client = new UdpEnd();
        server.Peer = client.Local;
        client.Peer = server.Local;
        server.Endpoint = new DtlsEndpoint(DtlsRole.Server, serverCertificate, clientCertificate.Fingerprint, server.Send);
        client.Endpoint = new DtlsEndpoint(DtlsRole.Client, clientCertificate, serverCertificate.Fingerprint, client.Send,
            [SrtpProfile.Aes128CmHmacSha1_80]);
        server.StartReceiving();
        client.StartReceiving();
        server.Endpoint.Start(TimeSpan.FromSeconds(10));
        client.Endpoint.Start(TimeSpan.FromSeconds(10));
        var keys = await server.Endpoint.Handshake.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(SrtpProfile.Aes128CmHmacSha1_80, keys.Profile);
        Assert.Equal(30, keys.LocalKeyAndSalt.Length);
        var clientKeys = await client.Endpoint.Handshake.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(keys.LocalKeyAndSalt, clientKeys.RemoteKeyAndSalt);
    }

    [Fact]
    public async Task Certificate_not_matching_the_sdp_fingerprint_fails_with_a_clear_reason()
    {
        var serverCertificate = DtlsCertificate.Generate();
        var clientCertificate = DtlsCertificate.Generate("client");
        var someoneElse = DtlsCertificate.Generate("other");
        using var server = new UdpEnd();
        using var client = new UdpEnd();
        server.Peer = client.Local;
        client.Peer = server.Local;
        // The server expects a different client certificate than the one presented.
        server.Endpoint = new DtlsEndpoint(DtlsRole.Server, serverCertificate, someoneElse.Fingerprint, server.Send);
        client.Endpoint = new DtlsEndpoint(DtlsRole.Client, clientCertificate, serverCertificate.Fingerprint, client.Send);
        server.StartReceiving();
        client.StartReceiving();
        server.Endpoint.Start(TimeSpan.FromSeconds(10));
        client.Endpoint.Start(TimeSpan.FromSeconds(10));

        var failure = await Assert.ThrowsAsync<DtlsFailedException>(() => server.Endpoint.Handshake.WaitAsync(TimeSpan.FromSeconds(15)));
        Assert.Contains("does not match the SDP fingerprint", failure.Message);
        await Assert.ThrowsAsync<DtlsFailedException>(() => client.Endpoint.Handshake.WaitAsync(TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public async Task Handshake_with_a_silent_peer_times_out()
    {
        var certificate = DtlsCertificate.Generate();
        using var server = new UdpEnd();
        server.Peer = new IPEndPoint(IPAddress.Loopback, 9);
        server.Endpoint = new DtlsEndpoint(DtlsRole.Server, certificate, certificate.Fingerprint, server.Send);
        server.Endpoint.Start(TimeSpan.FromMilliseconds(300));
        var failure = await Assert.ThrowsAsync<DtlsFailedException>(() => server.Endpoint.Handshake.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("timed out", failure.Message);
    }

    [Fact]
    public void Fingerprint_formats_and_parses_like_sdp()
    {
        var certificate = DtlsCertificate.Generate();
        var text = certificate.Fingerprint.ToString();
        Assert.Matches("^sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}$", text);
        Assert.Equal(certificate.Fingerprint, DtlsFingerprint.Parse(text));
        Assert.True(DtlsFingerprint.Parse(text.ToLowerInvariant()).Matches(certificate.Certificate.GetDerEncoded()));
        Assert.False(DtlsFingerprint.TryParse("md5 AB:CD", out _));
        Assert.False(DtlsFingerprint.TryParse("sha-256 ZZ:00", out _));
    }

    [Fact]
    public void Roles_follow_the_remote_setup()
    {
        Assert.Equal(DtlsRole.Server, DtlsRoles.FromRemoteSetup("actpass"));
        Assert.Equal(DtlsRole.Server, DtlsRoles.FromRemoteSetup("active"));
        Assert.Equal(DtlsRole.Client, DtlsRoles.FromRemoteSetup("passive"));
        Assert.Equal("passive", DtlsRole.Server.LocalSetup());
        Assert.Equal("active", DtlsRole.Client.LocalSetup());
    }
}
