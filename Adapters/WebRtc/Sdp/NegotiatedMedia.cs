using InteropGateway.Codecs.Media;

namespace InteropGateway.Adapters.WebRtc.Sdp;

/// <summary>
/// The outcome for one accepted m-line: what the session needs to bind RTP to the media model.
/// </summary>
public sealed record NegotiatedMedia
{
    /// <summary>Index of the m-line in the offer (and in the answer: the order is the same).</summary>
    public required int Index { get; init; }
    public required string Mid { get; init; }
    public required MediaKind Kind { get; init; }
    public required CodecId Codec { get; init; }
    public required int PayloadType { get; init; }
    public required int ClockRate { get; init; }
    public int Channels { get; init; }
    /// <summary>The fmtp parameters we answered with, null when none.</summary>
    public string? Fmtp { get; init; }
    /// <summary>Our direction as written in the answer.</summary>
    public required MediaDirection Direction { get; init; }
    public bool Nack { get; init; }
    public bool Pli { get; init; }
    public bool Fir { get; init; }
    /// <summary>SSRC the peer announced for this m-line (primary, not RTX), when it did.</summary>
    public uint? RemoteSsrc { get; init; }
    /// <summary>SSRC we send with, when we send.</summary>
    public uint? LocalSsrc { get; init; }
}
