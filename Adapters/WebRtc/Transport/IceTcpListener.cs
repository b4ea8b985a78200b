using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace InteropGateway.Adapters.WebRtc.Transport;

/// <summary>Accepts passive ICE-TCP connections on the media port (RFC 6544 tcptype passive).</summary>
internal sealed class IceTcpListener(WebRtcTransportServer server, IPEndPoint endPoint, WebRtcTransportOptions options, ILogger logger)
{
    private readonly Socket _socket = new(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
    private readonly List<IceTcpConnection> _connections = [];
    private readonly Lock _gate = new();
    private Task? _acceptLoop;

    public IPEndPoint? LocalEndPoint => _socket.LocalEndPoint as IPEndPoint;

    public void Start()
    {
        if (endPoint.AddressFamily == AddressFamily.InterNetworkV6)
            _socket.DualMode = true;
        _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _socket.Bind(endPoint);
        _socket.Listen(128);
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public async Task StopAsync()
    {
        _socket.Dispose();
        IceTcpConnection[] open;
        lock (_gate)
            open = _connections.ToArray();
        foreach (var connection in open)
            connection.Close();
        if (_acceptLoop is not null)
            await _acceptLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            Socket accepted;
            try
            {
                accepted = await _socket.AcceptAsync();
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException { SocketErrorCode: SocketError.OperationAborted })
            {
                return;
            }
            catch (SocketException e)
            {
                logger.LogDebug("ICE-TCP accept: {Error}", e.SocketErrorCode);
                continue;
            }
            accepted.NoDelay = true;
            server.Counters.Increment(ref server.Counters.TcpConnections);
            var pipe = new SocketDuplexPipe(accepted);
            var connection = new IceTcpConnection(server, pipe, pipe.RemoteEndPoint, pipe.Abort, options, logger);
            lock (_gate)
                _connections.Add(connection);
            _ = RunAsync(connection);
        }
    }

    private async Task RunAsync(IceTcpConnection connection)
    {
        try
        {
            await connection.RunAsync();
        }
        catch (Exception e)
        {
            logger.LogDebug(e, "ICE-TCP connection from {Remote} failed", connection.RemoteEndPoint);
        }
        finally
        {
            lock (_gate)
                _connections.Remove(connection);
        }
    }
}
