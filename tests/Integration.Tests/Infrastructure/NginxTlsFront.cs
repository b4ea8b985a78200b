using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace InteropGateway.Tests.Integration.Infrastructure;

/// <summary>
/// RTMPS in front of nginx-rtmp, as CDN ingests offer it: a loopback TLS listener with a
/// self-signed certificate that relays the decrypted bytes to nginx's RTMP port. (Debian's nginx
/// has no stream module, so TLS termination is done here, in the test process.)
/// </summary>
public sealed class NginxTlsFront : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly X509Certificate2 _certificate = SelfSigned();
    private readonly CancellationTokenSource _stop = new();
    private readonly int _targetPort;
    private readonly Task _accepting;

    public NginxTlsFront(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    public int Connections;

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pkcs12), null);
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                Interlocked.Increment(ref Connections);
                _ = RelayAsync(client);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var upstream = new TcpClient())
        {
            try
            {
                var tls = new SslStream(client.GetStream());
                await tls.AuthenticateAsServerAsync(_certificate).WaitAsync(TimeSpan.FromSeconds(5), _stop.Token);
                await upstream.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
                var plain = upstream.GetStream();
                // Whichever side ends first ends the relay.
                await Task.WhenAny(tls.CopyToAsync(plain, _stop.Token), plain.CopyToAsync(tls, _stop.Token));
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException
                or System.Security.Authentication.AuthenticationException or TimeoutException or ObjectDisposedException)
            {
                // A client refusing our certificate ends here, as it should.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _accepting;
        _certificate.Dispose();
    }
}
