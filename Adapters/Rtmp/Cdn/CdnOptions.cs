namespace InteropGateway.Adapters.Rtmp.Cdn;

/// <summary>CDN RTMP settings, section <c>Gateway:Cdn</c>: forward (push) and pull (edge) rules.</summary>
public sealed class CdnOptions
{
    public const string Section = "Gateway:Cdn";

    /// <summary>Streams to push to a CDN ingest as soon as they are published.</summary>
    public List<CdnRule> Forward { get; set; } = [];

    /// <summary>Streams to pull from an upstream when a player asks for one nobody publishes here.</summary>
    public List<CdnRule> Pull { get; set; } = [];

    /// <summary>A pull with no players for this long is stopped.</summary>
    public TimeSpan PullIdleTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>First reconnect delay after a failure; doubled on each further failure up to <see cref="ReconnectMaxDelay"/>.</summary>
    public TimeSpan ReconnectMinDelay { get; set; } = TimeSpan.FromMilliseconds(500);
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Bounds each step of an outgoing connection (connect, handshake, publish or play answer).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
