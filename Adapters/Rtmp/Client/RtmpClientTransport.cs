using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace InteropGateway.Adapters.Rtmp.Client;

/// <summary>Opens the byte stream under an RTMP client: TCP, wrapped in TLS for rtmps://.</summary>
internal static class RtmpClientTransport
{
    public static async Task<(Stream Stream, EndPoint? Remote)> OpenAsync(RtmpUrl url, bool validateCertificate, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(url.Host, url.Port, cancellationToken).ConfigureAwait(false);
            var remote = socket.RemoteEndPoint;
            Stream stream = new NetworkStream(socket, ownsSocket: true);
            if (!url.Secure)
                return (stream, remote);
            var tls = new SslStream(stream, leaveInnerStreamOpen: false);
            try
            {
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = url.Host,
                    RemoteCertificateValidationCallback = validateCertificate ? null : static (_, _, _, _) => true,
                }, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await tls.DisposeAsync().ConfigureAwait(false);
                throw;
            }
            return (tls, remote);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
