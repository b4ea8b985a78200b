using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace InteropGateway.Tests.Integration.Infrastructure;

/// <summary>
/// A minimal HTTP CONNECT proxy on loopback, the stand-in for an enterprise's outbound proxy:
/// only CONNECT (405 otherwise), only to loopback targets (403 otherwise), only with
/// <c>Proxy-Authorization: Basic</c> for the configured user (407 with a Basic challenge
/// otherwise, on the same connection, as real proxies do). Pipes bytes both ways and counts the
/// tunnels it opened and those open now.
/// </summary>
public sealed class ConnectProxy : IAsyncDisposable
{
    private const int MaxHeadBytes = 8192;
    private const int MaxRequestsPerConnection = 4;

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _expectedAuthorization;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Socket, byte> _sockets = new();
    private readonly Task _accepting;
    private int _tunnelsOpened;
    private int _openTunnels;
    private int _authRefusals;

    public ConnectProxy(string user, string password)
    {
        _expectedAuthorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}";
    public int TunnelsOpened => Volatile.Read(ref _tunnelsOpened);
    public int OpenTunnels => Volatile.Read(ref _openTunnels);
    /// <summary>407 answers sent (a client's first, credential-less attempt counts too).</summary>
    public int AuthRefusals => Volatile.Read(ref _authRefusals);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        _sockets.TryAdd(client, 0);
        try
        {
            using var clientStream = new NetworkStream(client, ownsSocket: false);
            var buffer = new byte[MaxHeadBytes];
            var filled = 0;
            for (var request = 0; request < MaxRequestsPerConnection; request++)
            {
                var (head, headLength, total) = await ReadHeadAsync(clientStream, buffer, filled);
                if (head is null)
                    return;
                filled = total - headLength;
                Array.Copy(buffer, headLength, buffer, 0, filled); // bytes after the head belong to what follows
                var lines = head.Split("\r\n");
                var requestLine = lines[0].Split(' ');
                if (requestLine.Length != 3 || requestLine[0] != "CONNECT")
                {
                    await AnswerAsync(clientStream, "405 Method Not Allowed", "Allow: CONNECT\r\nConnection: close\r\n");
                    return;
                }
                var authorization = lines.Skip(1).FirstOrDefault(l => l.StartsWith("Proxy-Authorization:", StringComparison.OrdinalIgnoreCase))?
                    ["Proxy-Authorization:".Length..].Trim();
                if (authorization != _expectedAuthorization)
                {
                    Interlocked.Increment(ref _authRefusals);
                    await AnswerAsync(clientStream, "407 Proxy Authentication Required", "Proxy-Authenticate: Basic realm=\"test-proxy\"\r\n");
                    continue;
                }
                var target = requestLine[1];
                var colon = target.LastIndexOf(':');
                if (colon < 0 || !int.TryParse(target[(colon + 1)..], out var port) || target[..colon] is not ("127.0.0.1" or "localhost"))
                {
                    await AnswerAsync(clientStream, "403 Forbidden", "Connection: close\r\n");
                    return;
                }
                await TunnelAsync(clientStream, buffer.AsMemory(0, filled), port);
                return;
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            _sockets.TryRemove(client, out _);
            client.Dispose();
        }
    }

    private async Task TunnelAsync(NetworkStream clientStream, ReadOnlyMemory<byte> early, int port)
    {
        using var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await upstream.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), _stop.Token);
        }
        catch (SocketException ex)
        {
            await AnswerAsync(clientStream, "502 Bad Gateway", "Connection: close\r\n", ex.Message);
            return;
        }
        _sockets.TryAdd(upstream, 0);
        await clientStream.WriteAsync("HTTP/1.1 200 Connection Established\r\n\r\n"u8.ToArray(), _stop.Token);
        Interlocked.Increment(ref _tunnelsOpened);
        Interlocked.Increment(ref _openTunnels);
        try
        {
            using var upstreamStream = new NetworkStream(upstream, ownsSocket: false);
            if (!early.IsEmpty)
                await upstreamStream.WriteAsync(early, _stop.Token);
            using var either = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            var up = PipeAsync(clientStream, upstreamStream, either.Token);
            var down = PipeAsync(upstreamStream, clientStream, either.Token);
            await Task.WhenAny(up, down);
            either.Cancel(); // one side closed: the tunnel is over, close the other side too
            await Task.WhenAll(up, down);
        }
        finally
        {
            _sockets.TryRemove(upstream, out _);
            Interlocked.Decrement(ref _openTunnels);
        }
    }

    private static async Task PipeAsync(Stream from, Stream to, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, cancellationToken)) > 0)
                await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    /// <summary>Reads up to the blank line ending a request head; null when the client closed or sent too much.</summary>
    private static async Task<(string? Head, int Length, int Filled)> ReadHeadAsync(NetworkStream stream, byte[] buffer, int filled)
    {
        while (true)
        {
            var end = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8);
            if (end >= 0)
                return (Encoding.ASCII.GetString(buffer, 0, end), end + 4, filled);
            if (filled == buffer.Length)
                return (null, 0, filled);
            var read = await stream.ReadAsync(buffer.AsMemory(filled));
            if (read == 0)
                return (null, 0, filled);
            filled += read;
        }
    }

    private static Task AnswerAsync(Stream stream, string status, string headers, string body = "")
    {
        var bytes = Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\n{headers}Content-Length: {body.Length}\r\n\r\n{body}");
        return stream.WriteAsync(bytes).AsTask();
    }

    /// <summary>Stops accepting and closes every connection and tunnel.</summary>
    public void Stop()
    {
        _stop.Cancel();
        _listener.Stop();
        foreach (var socket in _sockets.Keys)
            socket.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        Stop();
        await _accepting;
        _stop.Dispose();
    }
}
