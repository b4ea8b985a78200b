using System.Net;
using System.Net.Http.Headers;
using InteropGateway.Core.Relay;
using Microsoft.Extensions.Logging;

namespace InteropGateway.Adapters.RelayNode.Role;

/// <summary>
/// The relay node's way out: <see cref="RelayNodeOptions.Connections"/> HTTP/2 clients to the
/// upstream, each holding one multiplexed connection (through the HTTP CONNECT proxy when one is
/// set), every relayed stream one HTTP/2 request on it. HTTP/2 gives each stream its own flow
/// control on one TCP connection, so a stalled stream never blocks the others; a key always uses
/// the same client. Past the upstream's stream limit (100 per connection) a client opens another
/// connection rather than queueing.
/// </summary>
internal sealed class UpstreamClients : IDisposable
{
    private readonly HttpClient[] _clients;

    public UpstreamClients(RelayNodeOptions options, ILogger logger)
    {
        Upstream = ParseUrl(options.Upstream.TrimEnd('/') + "/", "Upstream");
        // HTTP/2 comes by ALPN on TLS; a gateway's plain HTTP port speaks only HTTP/1.1, which can't stream both ways.
        if (Upstream.Scheme != Uri.UriSchemeHttps)
            throw new InvalidOperationException($"Gateway:RelayNode:Upstream '{options.Upstream}' must be https:// (the upstream's multiplexed TLS port)");
        Authorization = string.IsNullOrEmpty(options.Token) ? null : new AuthenticationHeaderValue("Bearer", options.Token);
        var check = new UpstreamCertificateCheck(options.UpstreamCertificateSha256, logger);
        _clients = new HttpClient[Math.Max(1, options.Connections)];
        for (var i = 0; i < _clients.Length; i++)
            _clients[i] = new HttpClient(CreateHandler(options, check), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public Uri Upstream { get; }
    public AuthenticationHeaderValue? Authorization { get; }

    /// <summary>The client a stream always uses: spread by key, stable across reconnects.</summary>
    public HttpClient For(StreamKey key) =>
        _clients[(int)((uint)StringComparer.Ordinal.GetHashCode(key.ToString()) % (uint)_clients.Length)];

    /// <summary>An HTTP/2 request (exactly: no silent fall back to HTTP/1.1, which can't stream both ways) for one stream.</summary>
    public HttpRequestMessage Request(HttpMethod method, string direction, StreamKey key)
    {
        var request = new HttpRequestMessage(method, new Uri(Upstream, $"relay/{direction}/{Uri.EscapeDataString(key.App)}/{Uri.EscapeDataString(key.Stream)}"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.Authorization = Authorization;
        return request;
    }

    private static SocketsHttpHandler CreateHandler(RelayNodeOptions options, UpstreamCertificateCheck check)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.ConnectTimeout,
            // PINGs notice a silently dead path (a NAT or proxy dropping the tunnel) while streams idle.
            KeepAlivePingDelay = options.KeepAliveInterval,
            KeepAlivePingTimeout = options.KeepAliveInterval,
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
            EnableMultipleHttp2Connections = true,
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            SslOptions = { RemoteCertificateValidationCallback = check.Validate },
        };
        if (!string.IsNullOrWhiteSpace(options.Proxy))
        {
            // HttpClient tunnels https through the proxy with CONNECT and answers a 407 Basic
            // challenge with these credentials.
            handler.UseProxy = true;
            handler.Proxy = new WebProxy(ParseUrl(options.Proxy, "Proxy"))
            {
                Credentials = string.IsNullOrEmpty(options.ProxyUser) ? null : new NetworkCredential(options.ProxyUser, options.ProxyPassword),
            };
        }
        return handler;
    }

    private static Uri ParseUrl(string text, string key) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)
            ? url
            : throw new InvalidOperationException($"Gateway:RelayNode:{key} '{text}' is not an absolute http(s) URL, e.g. https://gateway.example.com:443");

    public void Dispose()
    {
        foreach (var client in _clients)
            client.Dispose();
    }
}
