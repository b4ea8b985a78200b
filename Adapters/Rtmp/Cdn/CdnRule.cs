using InteropGateway.Adapters.Rtmp.Client;
using InteropGateway.Core.Relay;

namespace InteropGateway.Adapters.Rtmp.Cdn;

/// <summary>
/// Which streams (glob patterns on app and stream name: <c>*</c> any run, <c>?</c> one character)
/// go to or come from which URL. The URL is a template: <c>{app}</c> and <c>{stream}</c> are
/// replaced by the stream's names, e.g. <c>rtmp://ingest.example.com/live/{stream}?key=K</c>.
/// </summary>
public sealed class CdnRule
{
    public string App { get; set; } = "*";
    public string Stream { get; set; } = "*";
    public string Url { get; set; } = "";
    /// <summary>For rtmps:// URLs: verify the server certificate (chain and host name).</summary>
    public bool ValidateCertificate { get; set; } = true;

    public bool Matches(StreamKey key) => GlobPattern.IsMatch(App, key.App) && GlobPattern.IsMatch(Stream, key.Stream);

    public bool TryExpand(StreamKey key, out RtmpUrl? url, out string? error)
    {
        var text = Url.Replace("{app}", key.App, StringComparison.Ordinal).Replace("{stream}", key.Stream, StringComparison.Ordinal);
        return RtmpUrl.TryParse(text, out url, out error);
    }

    public override string ToString() => $"{App}/{Stream} -> {Url}";
}
