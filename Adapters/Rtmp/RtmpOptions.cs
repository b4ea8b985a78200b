using InteropGateway.Adapters.Rtmp.Protocol;

namespace InteropGateway.Adapters.Rtmp;

/// <summary>RTMP listener settings, section <c>Gateway:Rtmp</c>.</summary>
public sealed class RtmpOptions
{
    public const string Section = "Gateway:Rtmp";

    public int Port { get; set; } = 1935;
    /// <summary>Chunk size the gateway sends with; larger means fewer chunk headers per video frame.</summary>
    public int OutChunkSize { get; set; } = 4096;
    /// <summary>Window Acknowledgement Size announced to peers.</summary>
    public int WindowAckSize { get; set; } = 2_500_000;
    public int MaxChunkSize { get; set; } = 1 << 20;
    public int MaxMessageSize { get; set; } = 8 << 20;
    public int MaxAmfDepth { get; set; } = 32;
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>A connection that sends nothing for this long before publishing or playing, or a publisher silent this long, is closed.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public RtmpLimits ToLimits() => new()
    {
        MaxChunkSize = MaxChunkSize,
        MaxMessageSize = MaxMessageSize,
        MaxAmfDepth = MaxAmfDepth,
    };
}
