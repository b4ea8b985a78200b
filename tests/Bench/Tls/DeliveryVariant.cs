using InteropGateway.Bench.Servers;

namespace InteropGateway.Bench.Tls;

/// <summary>
/// One way the players of the tls mode fetch the same stream from the same gateway: the protocol,
/// the port, and whether TLS wraps it. Players of every variant are the same ffmpeg command, so the
/// client side differs only in the URL.
/// </summary>
internal sealed record DeliveryVariant(string Name, string Description, Func<GatewayServer, string, string> Url, Func<GatewayServer, int> Port)
{
    public static readonly DeliveryVariant Rtmp = new("rtmp", "plain RTMP on the RTMP port (1935 in production)",
        (g, key) => $"rtmp://127.0.0.1:{g.RtmpPort}/{key}", g => g.RtmpPort);

    public static readonly DeliveryVariant Rtmps = new("rtmps", "RTMPS on the multiplexed TLS port (8443 by default)",
        (g, key) => $"rtmps://127.0.0.1:{g.TlsPort}/{key}", g => g.TlsPort);

    /// <summary>Plain RTMP recognised from its first byte on the TLS port: the multiplexer without TLS, so it separates the two costs.</summary>
    public static readonly DeliveryVariant RtmpOnTlsPort = new("rtmp-mux", "plain RTMP on the multiplexed TLS port (sniffed, no TLS)",
        (g, key) => $"rtmp://127.0.0.1:{g.TlsPort}/{key}", g => g.TlsPort);

    public static readonly DeliveryVariant HttpFlv = new("http-flv", "HTTP-FLV over plain HTTP on the HTTP port",
        (g, key) => $"http://127.0.0.1:{g.HttpPort}/{key}.flv", g => g.HttpPort);

    public static readonly DeliveryVariant HttpsFlv = new("https-flv", "HTTP-FLV over HTTPS on the multiplexed TLS port",
        (g, key) => $"https://127.0.0.1:{g.TlsPort}/{key}.flv", g => g.TlsPort);

    public static readonly IReadOnlyList<DeliveryVariant> All = [Rtmp, Rtmps, RtmpOnTlsPort, HttpFlv, HttpsFlv];

    /// <summary>The plain/TLS pairs the report compares (anchor first), when both were run; the first is the headline.</summary>
    public static readonly IReadOnlyList<(DeliveryVariant Plain, DeliveryVariant Tls, string Question)> Pairs =
    [
        (Rtmp, Rtmps, "TLS on the single port against plain RTMP on the RTMP port (the issue's question)"),
        (RtmpOnTlsPort, Rtmps, "TLS alone: both on the TLS port, through the same multiplexer"),
        (Rtmp, RtmpOnTlsPort, "the multiplexer alone: plain RTMP on the TLS port against the RTMP port"),
        (HttpFlv, HttpsFlv, "HTTP-FLV: HTTPS on the TLS port against plain HTTP"),
    ];

    public static DeliveryVariant[] Parse(IEnumerable<string> names) => names.Select(n =>
        All.FirstOrDefault(v => v.Name == n) ?? throw new ArgumentException($"unknown variant {n}; known: {string.Join(',', All.Select(v => v.Name))}")).ToArray();
}
