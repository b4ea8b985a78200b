using System.Buffers;
using InteropGateway.Core.Hosting;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace InteropGateway.Host.Tls;

/// <summary>
/// The two connection middlewares of the single port. Before TLS: a TLS record (0x16) goes on to
/// Kestrel's TLS middleware; plain RTMP, plain ICE-TCP and plain HTTP are recognised from the first
/// bytes and served without it. After TLS: the decrypted first bytes pick RTMPS or ICE-TCP-in-TLS;
/// everything else is HTTPS (WHIP/WHEP, HTTP-FLV, WSS, API), which ALPN h2 always is.
/// Kestrel builds the chain inside out, so <see cref="AfterTls"/> runs first and hands over the HTTP
/// delegate that plain HTTP needs too.
/// </summary>
internal sealed class PortMultiplexer(IReadOnlyList<IMultiplexedProtocol> protocols, TlsOptions options, ILogger logger)
{
    private const byte TlsHandshakeRecord = 0x16;
    private static readonly Route Tls = new("tls", null);
    private static readonly Route Http = new("http", null);

    private ConnectionDelegate? _http;

    private sealed record Route(string Name, IMultiplexedProtocol? Protocol);

    public ConnectionDelegate BeforeTls(ConnectionDelegate tls) => connection =>
        RouteAsync(connection, encrypted: false, next: tls);

    public ConnectionDelegate AfterTls(ConnectionDelegate http)
    {
        _http = http;
        return connection =>
        {
            var alpn = connection.Features.Get<ITlsApplicationProtocolFeature>()?.ApplicationProtocol;
            return alpn is { Length: > 0 } ? ServeInsideTlsAsync(connection, http) : RouteAsync(connection, encrypted: true, next: http);
        };
    }

    /// <summary>Serves a decrypted connection through an output that writes whole TLS records.</summary>
    private static async Task ServeInsideTlsAsync(ConnectionContext connection, ConnectionDelegate serve)
    {
        var output = RecordSizedTlsOutput.Install(connection);
        try
        {
            await serve(connection);
        }
        finally
        {
            if (output is not null)
                await output.CompleteAsync(); // before Kestrel disposes the TLS stream under it
        }
    }

    private async Task RouteAsync(ConnectionContext connection, bool encrypted, ConnectionDelegate next)
    {
        var (outcome, route, firstBytes) = await FirstBytesSniffer.SniffAsync(connection.Transport.Input,
            bytes => Classify(bytes, encrypted), options.FirstBytesTimeout, connection.ConnectionClosed);
        var layer = encrypted ? "inside TLS" : "plain";
        switch (outcome)
        {
            case FirstBytesSniffer.Outcome.Closed:
                return;
            case FirstBytesSniffer.Outcome.TimedOut:
                logger.LogDebug("Port {Port}: {Remote} sent too little to recognise ({Layer}) within {Timeout}; closing",
                    options.Port, connection.RemoteEndPoint, layer, options.FirstBytesTimeout);
                return;
            case FirstBytesSniffer.Outcome.Undecided:
            case FirstBytesSniffer.Outcome.Decided when route == Unrecognised:
                logger.LogWarning("Port {Port}: {Remote} spoke no protocol served here ({Layer}; first bytes {Bytes}); closing",
                    options.Port, connection.RemoteEndPoint, layer, Convert.ToHexString(firstBytes));
                return;
        }
        if (route == Tls)
        {
            await next(connection);
            return;
        }
        if (route == Http)
        {
            await (encrypted ? ServeInsideTlsAsync(connection, next) : _http!(connection));
            return;
        }
        logger.LogDebug("Port {Port}: {Remote} speaks {Protocol} ({Layer})", options.Port, connection.RemoteEndPoint, route!.Name, layer);
        await (encrypted ? ServeInsideTlsAsync(connection, route.Protocol!.ServeAsync) : route.Protocol!.ServeAsync(connection));
    }

    /// <returns>The route, or null while a protocol needs more bytes to tell.</returns>
    private Route? Classify(ReadOnlySequence<byte> bytes, bool encrypted)
    {
        if (!encrypted && bytes.FirstSpan[0] == TlsHandshakeRecord)
            return Tls;
        var undecided = false;
        foreach (var protocol in protocols)
        {
            switch (protocol.Probe(bytes))
            {
                case ProbeResult.Match:
                    return new Route(protocol.Name, protocol);
                case ProbeResult.NeedMoreData:
                    undecided = true;
                    break;
            }
        }
        if (undecided)
            return null;
        if (encrypted || (options.AllowPlainHttp && LooksLikeHttp(bytes.FirstSpan[0])))
            return Http;
        return Unrecognised;
    }

    /// <summary>Stops the sniffer: nothing served here starts like this.</summary>
    private static readonly Route Unrecognised = new("unrecognised", null);

    /// <summary>Every HTTP/1.x method and the HTTP/2 preface start with an uppercase ASCII letter.</summary>
    private static bool LooksLikeHttp(byte first) => first is >= (byte)'A' and <= (byte)'Z';
}
