namespace InteropGateway.Adapters.RelayNode;

/// <summary>
/// Section <c>Gateway:RelayNode</c>. Both ends of the enterprise relay link: every gateway serves
/// the upstream endpoints (<see cref="AcceptToken"/>); a gateway with <see cref="Upstream"/> set is
/// also a relay node that connects out to that upstream over TLS.
/// </summary>
public sealed class RelayNodeOptions
{
    public const string Section = "Gateway:RelayNode";

    // Upstream side (every gateway).

    /// <summary>Bearer token relay nodes must send to publish or play here; empty = open, like the other ingest ports.</summary>
    public string AcceptToken { get; set; } = "";

    // Relay role (off while Upstream is empty).

    /// <summary>The upstream gateway's multiplexed TLS port, e.g. <c>https://gateway.example.com:443</c> (https only: HTTP/2 is negotiated by TLS ALPN); empty = not a relay node.</summary>
    public string Upstream { get; set; } = "";

    /// <summary>HTTP CONNECT proxy to reach the upstream through, e.g. <c>http://proxy:3128</c>; empty = direct.</summary>
    public string Proxy { get; set; } = "";
    public string ProxyUser { get; set; } = "";
    public string ProxyPassword { get; set; } = "";

    /// <summary>Sent as <c>Authorization: Bearer</c>; must equal the upstream's <see cref="AcceptToken"/>.</summary>
    public string Token { get; set; } = "";

    /// <summary>Pins the upstream's certificate by SHA-256 fingerprint (hex, colons optional); empty = normal chain and name validation.</summary>
    public string UpstreamCertificateSha256 { get; set; } = "";

    /// <summary>Glob patterns on <c>app/stream</c>: locally published streams that are pushed upstream. Empty = all; <c>[""]</c> = none.</summary>
    public List<string> Publish { get; set; } = [];

    /// <summary>Glob patterns on <c>app/stream</c>: streams nobody publishes here that are pulled from upstream when a player asks. Empty = all; <c>[""]</c> = none.</summary>
    public List<string> Pull { get; set; } = [];

    /// <summary>Upstream connections (HTTP/2) the streams are spread over by key; each carries up to the upstream's stream limit (100) before another opens.</summary>
    public int Connections { get; set; } = 1;

    /// <summary>A pull with no local players for this long is stopped.</summary>
    public TimeSpan PullIdleTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>First reconnect delay after a failure; doubled on each further failure up to <see cref="ReconnectMaxDelay"/>.</summary>
    public TimeSpan ReconnectMinDelay { get; set; } = TimeSpan.FromMilliseconds(500);
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Bounds connecting (TCP, proxy tunnel, TLS) and the upstream's answer to a push.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>HTTP/2 PING interval on an upstream connection: a dead link is noticed within twice this.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(10);

    public bool IsRelay => !string.IsNullOrWhiteSpace(Upstream);

    /// <summary>The default pattern lists, applied when configuration gave none (a bound list can't have a default of its own).</summary>
    public static IReadOnlyList<string> PatternsOrAll(List<string> patterns) => patterns.Count == 0 ? ["*"] : patterns;
}
