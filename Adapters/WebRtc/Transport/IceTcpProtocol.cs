using System.Buffers;
using System.Net;
using InteropGateway.Core.Hosting;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InteropGateway.Adapters.WebRtc.Transport;

/// <summary>
/// ICE-TCP on the gateway's multiplexed port (<c>Gateway:Tls:Port</c>), plain or inside TLS: a browser
/// behind a firewall that lets only 443 out still reaches the media port. The connection then behaves
/// exactly like one accepted on the dedicated ICE-TCP port, sharing its sessions and counters.
/// </summary>
internal sealed class IceTcpProtocol(WebRtcTransportServer server, IOptions<WebRtcTransportOptions> options, ILogger<IceTcpProtocol> logger)
    : IMultiplexedProtocol
{
    private readonly WebRtcTransportOptions _options = options.Value;

    public string Name => "ice-tcp";

    public ProbeResult Probe(ReadOnlySequence<byte> firstBytes) =>
        _options.EnableIceTcp ? IceTcpProbe.Probe(firstBytes, _options.MaxTcpFrameLength) : ProbeResult.NoMatch;

    public async Task ServeAsync(ConnectionContext connection)
    {
        if (server.IsStopping)
        {
            connection.Abort();
            return;
        }
        var remote = connection.RemoteEndPoint as IPEndPoint ?? new IPEndPoint(IPAddress.IPv6None, 0);
        server.Counters.Increment(ref server.Counters.TcpConnections);
        var iceTcp = new IceTcpConnection(server, connection.Transport, remote, () => connection.Abort(), _options, logger);
        // Either end stopping ends the connection, bound to a session or not.
        using var serverStopping = server.StoppingToken.UnsafeRegister(static state => ((IceTcpConnection)state!).Close(), iceTcp);
        using var connectionClosed = connection.ConnectionClosed.UnsafeRegister(static state => ((IceTcpConnection)state!).Close(), iceTcp);
        try
        {
            await iceTcp.RunAsync();
        }
        catch (Exception e)
        {
            logger.LogDebug(e, "ICE-TCP connection from {Remote} on the multiplexed port failed", remote);
        }
    }
}
