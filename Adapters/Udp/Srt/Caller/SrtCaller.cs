using System.Net;
using System.Net.Sockets;
using InteropGateway.Adapters.Udp.Native;

namespace InteropGateway.Adapters.Udp.Srt.Caller;

/// <summary>Opens a route's SRT connection as the caller: resolves the host, applies the link settings and stream id, connects.</summary>
internal sealed class SrtCaller(SrtPoller poller, SrtOptions options)
{
    /// <summary>The connected socket, or an <see cref="SrtException"/> with the listener's reject reason.</summary>
    public async Task<(SrtSocket Socket, IPEndPoint Remote)> ConnectAsync(SrtUrl url, CancellationToken cancellationToken)
    {
        var remote = await ResolveAsync(url, cancellationToken).ConfigureAwait(false);
        var socket = SrtSocket.Create(poller);
        try
        {
            // The URL's passphrase is the remote listener's; the gateway's own (for its listener) is not sent elsewhere.
            new SrtLinkSettings(url.LatencyMs ?? options.LatencyMs, url.Passphrase ?? "", url.PbKeyLen ?? options.PbKeyLen).ApplyTo(socket);
            if (url.StreamId is not null)
                socket.SetString(SrtOption.StreamId, url.StreamId);
            socket.SetInt(SrtOption.ConnectTimeout, (int)options.ConnectTimeout.TotalMilliseconds);
            await socket.ConnectAsync(remote, cancellationToken).ConfigureAwait(false);
            return (socket, remote);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task<IPEndPoint> ResolveAsync(SrtUrl url, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(url.Host, out var literal))
            return new IPEndPoint(literal, url.Port);
        var addresses = await Dns.GetHostAddressesAsync(url.Host, cancellationToken).ConfigureAwait(false);
        var address = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
            ?? throw new SocketException((int)SocketError.HostNotFound);
        return new IPEndPoint(address, url.Port);
    }
}
