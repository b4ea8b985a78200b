using InteropGateway.Adapters.Rtmp.Protocol;

namespace InteropGateway.Adapters.Rtmp.Client;

/// <summary>Settings of one outgoing RTMP connection.</summary>
public sealed record RtmpClientOptions
{
    /// <summary>Bounds each step: TCP + TLS + handshake + connect, then publish or play until the server says Start.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>RTMPS: check the server certificate (chain and name). Off only for test rigs and self-signed ingests.</summary>
    public bool ValidateCertificate { get; init; } = true;
    public int OutChunkSize { get; init; } = 4096;
    public RtmpLimits Limits { get; init; } = RtmpLimits.Default;
    /// <summary>Some CDN ingests only accept encoders that say they are one (FMLE-style flashVer).</summary>
    public string FlashVersion { get; init; } = "FMLE/3.0 (compatible; InteropGateway)";
}
