using InteropGateway.Tests.Integration.Infrastructure;

namespace InteropGateway.Tests.Integration;

/// <summary>
/// A gateway whose clients can reach only the multiplexed TLS port: it alone listens on 127.0.0.1,
/// while the HTTP, RTMP, WebRTC and SRT ports are bound to 127.0.0.2, where a client dialing
/// 127.0.0.1 never gets. WebRTC answers carry the multiplexed port as the only candidate.
/// </summary>
public sealed class SinglePortFixture : GatewayFixture
{
    public const string ClientAddress = "127.0.0.1";
    public const string HiddenAddress = "127.0.0.2";

    public string RtmpsUrl(string key) => $"rtmps://{ClientAddress}:{TlsPort}/{key}";
    public string PlainRtmpUrl(string key) => $"rtmp://{ClientAddress}:{TlsPort}/{key}";

    protected override IEnumerable<string> ExtraSettings() =>
    [
        $"--Gateway:BindAddress={HiddenAddress}",
        $"--Gateway:WebRtc:BindAddress={HiddenAddress}",
        $"--Gateway:Srt:BindAddress={HiddenAddress}",
        $"--Gateway:Tls:BindAddress={ClientAddress}",
        "--Gateway:WebRtc:CandidatePolicy=TlsPortOnly",
    ];
}
