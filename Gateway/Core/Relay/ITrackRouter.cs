using InteropGateway.Codecs.Media;

namespace InteropGateway.Core.Relay;

/// <summary>
/// Decides, per subscriber and track, between pass-through and a transcoding branch, and attaches
/// subscribers to branches (DESIGN §3 "Router and branches"). Without a router every track passes through.
/// </summary>
public interface ITrackRouter
{
    /// <summary>
    /// What a <paramref name="sinkProtocol"/> subscriber needs for <paramref name="track"/> of a
    /// <paramref name="sourceProtocol"/> source; <paramref name="reordered"/> says the source's video
    /// has B-frames (presentation order differs from decoding order). Pure and quick: called under a stream lock.
    /// </summary>
    TrackDecision Decide(string sourceProtocol, TrackConfig track, string sinkProtocol, bool reordered);

    /// <summary>
    /// Feeds each request's subscriber from the branch converting its frame's track of
    /// <paramref name="source"/> to its target, creating the branch on first need (starting from
    /// that frame when the GOP cache has nothing for it). A branch created here starts converting
    /// only once every request of the batch is attached: all viewers routed by the frame that opened
    /// it get that frame's output, even on audio-only streams, which cache nothing. Called with no
    /// lock held; the caller keeps its references to the frames.
    /// </summary>
    void Attach(LiveStream source, IReadOnlyList<BranchRequest> requests);
}

public enum TrackDecisionKind
{
    PassThrough,
    Transcode,
    Impossible,
}

/// <summary>A subscriber that needs <paramref name="Frame"/>'s track converted to <paramref name="Target"/>.</summary>
public readonly record struct BranchRequest(Subscriber Subscriber, MediaFrame Frame, CodecId Target);

/// <param name="Reason">Why, in matrix terms, for the log.</param>
public readonly record struct TrackDecision(TrackDecisionKind Kind, CodecId Target, string Reason);
