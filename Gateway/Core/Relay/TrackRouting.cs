using InteropGateway.Codecs.Media;

namespace InteropGateway.Core.Relay;

/// <summary>How a subscriber gets one track kind of its stream.</summary>
internal enum TrackRouteMode
{
    /// <summary>Not decided yet for the current source codec.</summary>
    Undecided,
    /// <summary>The sink accepts the source codec: frames pass through untouched.</summary>
    Direct,
    /// <summary>A transcoding branch feeds this kind; the source's frames are skipped.</summary>
    Branch,
    /// <summary>The sink can't take this codec and the matrix names no conversion: nothing is sent.</summary>
    None,
}

/// <summary>
/// A subscriber's routing decision for one track kind, remade only when the source codec or the
/// publisher's protocol changes. Written under the source stream's lock; <see cref="Branch"/> is
/// also set by the router once it has attached the subscriber to a branch.
/// </summary>
internal sealed class TrackRouting
{
    public TrackRouteMode Mode;
    public CodecId DecidedFor;
    public string? SourceProtocol;
    public bool Reordered;
    public volatile LiveStream? Branch;

    public bool IsCurrent(CodecId codec, string? sourceProtocol, bool reordered) =>
        Mode != TrackRouteMode.Undecided && DecidedFor == codec && ReferenceEquals(SourceProtocol, sourceProtocol) && Reordered == reordered;
}
