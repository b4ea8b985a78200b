using System.Diagnostics.CodeAnalysis;

namespace InteropGateway.Adapters.Rtmp.Client;

/// <summary>
/// An RTMP or RTMPS URL as CDNs hand them out: <c>rtmp://host[:port]/app/stream[?query]</c>. The
/// stream name is the last path segment and keeps the query (CDN auth tokens ride there); the app
/// is everything before it. Default ports: 1935 (rtmp), 443 (rtmps).
/// </summary>
public sealed record RtmpUrl(bool Secure, string Host, int Port, string App, string StreamName)
{
    public string Scheme => Secure ? "rtmps" : "rtmp";

    /// <summary>The tcUrl sent in connect: the URL up to and including the app.</summary>
    public string TcUrl => $"{Scheme}://{HostForUrl}:{Port}/{App}";

    private string HostForUrl => Host.Contains(':') ? $"[{Host}]" : Host;

    public static bool TryParse(string? text, [NotNullWhen(true)] out RtmpUrl? url, [NotNullWhen(false)] out string? error)
    {
        url = null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("rtmp" or "rtmps"))
        {
            error = $"'{text}' is not an rtmp:// or rtmps:// URL";
            return false;
        }
        var path = uri.AbsolutePath.Trim('/');
        var lastSlash = path.LastIndexOf('/');
        if (uri.Host.Length == 0 || lastSlash <= 0 || lastSlash == path.Length - 1)
        {
            error = $"'{text}' needs a host, an app and a stream name (rtmp://host/app/stream)";
            return false;
        }
        var secure = uri.Scheme == "rtmps";
        var port = uri.IsDefaultPort || uri.Port <= 0 ? (secure ? 443 : 1935) : uri.Port;
        url = new RtmpUrl(secure, uri.IdnHost, port, path[..lastSlash], path[(lastSlash + 1)..] + uri.Query);
        error = null;
        return true;
    }

    public static RtmpUrl Parse(string text) =>
        TryParse(text, out var url, out var error) ? url : throw new FormatException(error);

    /// <summary>The URL with query values hidden: CDN push URLs carry keys that do not belong in logs or the API.</summary>
    public string Redacted
    {
        get
        {
            var q = StreamName.IndexOf('?');
            if (q < 0)
                return ToString();
            var pairs = StreamName[(q + 1)..].Split('&').Select(p => p.Split('=')[0] + "=***");
            return $"{TcUrl}/{StreamName[..q]}?{string.Join('&', pairs)}";
        }
    }

    public override string ToString() => $"{TcUrl}/{StreamName}";
}
