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
    /// Feeds <paramref name="subscriber"/> from the branch converting <paramref name="frame"/>'s
    /// track of <paramref name="source"/> to <paramref name="target"/>, creating the branch on first
    /// need (starting from that frame when the GOP cache has nothing for it). Called with no lock
    /// held; the caller keeps its reference to the frame.
    /// </summary>
    void Attach(LiveStream source, Subscriber subscriber, MediaFrame frame, CodecId target);
}

public enum TrackDecisionKind
{
    PassThrough,
    Transcode,
    Impossible,
}

/// <param name="Reason">Why, in matrix terms, for the log.</param>
public readonly record struct TrackDecision(TrackDecisionKind Kind, CodecId Target, string Reason);
