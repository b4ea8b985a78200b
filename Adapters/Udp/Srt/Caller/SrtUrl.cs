using System.Diagnostics.CodeAnalysis;

namespace InteropGateway.Adapters.Udp.Srt.Caller;

/// <summary>
/// A caller route's target: <c>srt://host:port?streamid=...&amp;passphrase=...&amp;latency=ms&amp;pbkeylen=16</c>,
/// latency in milliseconds as srt-live-transmit takes it. Parsed by hand rather than by
/// <see cref="Uri"/>: stream ids start with <c>#!::</c>, which a URI would cut off as a fragment.
/// Other query keys (mode=caller, ...) are ignored.
/// </summary>
internal sealed record SrtUrl(string Host, int Port, string? StreamId, string? Passphrase, int? LatencyMs, int? PbKeyLen)
{
    private const string Scheme = "srt://";

    /// <summary>For logs and the API: the passphrase hidden.</summary>
    public string Redacted =>
        $"{Scheme}{(Host.Contains(':') ? $"[{Host}]" : Host)}:{Port}" + (StreamId is null ? "" : $"?streamid={StreamId}") +
        (Passphrase is null ? "" : $"{(StreamId is null ? "?" : "&")}passphrase=***");

    public static bool TryParse(string? text, [NotNullWhen(true)] out SrtUrl? url, [NotNullWhen(false)] out string? error)
    {
        url = null;
        if (text is null || !text.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
            return Fail($"'{text}' is not an srt:// URL", out error);
        var rest = text[Scheme.Length..];
        var question = rest.IndexOf('?');
        var authority = question < 0 ? rest : rest[..question];
        if (!TrySplitHostPort(authority.TrimEnd('/'), out var host, out var port))
            return Fail($"'{text}' needs host:port", out error);
        string? streamId = null, passphrase = null;
        int? latency = null, keyLength = null;
        foreach (var pair in question < 0 ? Array.Empty<string>() : rest[(question + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            var key = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]);
            switch (key)
            {
                case "streamid":
                    streamId = value;
                    break;
                case "passphrase":
                    if (value.Length is < 10 or > 79)
                        return Fail("passphrase must be 10 to 79 characters", out error);
                    passphrase = value;
                    break;
                case "latency":
                    if (!int.TryParse(value, out var ms) || ms is < 0 or > 60_000)
                        return Fail($"latency={value} is not 0 to 60000 ms", out error);
                    latency = ms;
                    break;
                case "pbkeylen":
                    if (!int.TryParse(value, out var bytes) || bytes is not (16 or 24 or 32))
                        return Fail($"pbkeylen={value} is not 16, 24 or 32", out error);
                    keyLength = bytes;
                    break;
                case "mode" when value is not "caller":
                    return Fail($"mode={value}: a route is always the caller", out error);
            }
        }
        if (streamId is { Length: > SrtStreamId.MaxLength })
            return Fail($"streamid longer than {SrtStreamId.MaxLength} characters", out error);
        url = new SrtUrl(host, port, streamId, passphrase, latency, keyLength);
        error = null;
        return true;
    }

    private static bool TrySplitHostPort(string authority, out string host, out int port)
    {
        host = "";
        port = 0;
        var colon = authority.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(authority[(colon + 1)..], out port) || port is < 1 or > 65535)
            return false;
        host = authority[..colon].Trim('[', ']');
        return host.Length > 0;
    }

    private static bool Fail(string message, out string error)
    {
        error = message;
        return false;
    }

    public override string ToString() => Redacted;
}
