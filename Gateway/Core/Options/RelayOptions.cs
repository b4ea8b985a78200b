namespace InteropGateway.Core.Options;

/// <summary>What happens when a second publisher claims a key that is live.</summary>
public enum PublishPolicy
{
    /// <summary>The newcomer is refused; the live publisher keeps the stream.</summary>
    Reject,
    /// <summary>The live publisher is disconnected and the newcomer continues the stream.</summary>
    TakeOver,
}

/// <summary>Relay core settings, section <c>Gateway:Relay</c>.</summary>
public sealed class RelayOptions
{
    public const string Section = "Gateway:Relay";

    public PublishPolicy PublishPolicy { get; set; } = PublishPolicy.Reject;

    /// <summary>How long a stream outlives its publisher, keeping its players, waiting for a new one.</summary>
    public TimeSpan PublisherGracePeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a player of a stream nobody publishes waits before it is told "not found".</summary>
    public TimeSpan PlayWaitTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Frames a subscriber may have queued before it starts dropping to the next keyframe.</summary>
    public int SubscriberQueueFrames { get; set; } = 1024;

    /// <summary>A subscriber that has been dropping for longer than this is closed as too slow.</summary>
    public TimeSpan SubscriberMaxLag { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Upper bounds of the GOP cache; a GOP larger than this is not cached (players then wait for the next keyframe).</summary>
    public int GopCacheMaxFrames { get; set; } = 900;
    public long GopCacheMaxBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>How long a transcoding branch stays open after its last viewer left, so a quick return is instant.</summary>
    public TimeSpan BranchLinger { get; set; } = TimeSpan.FromSeconds(5);
}
