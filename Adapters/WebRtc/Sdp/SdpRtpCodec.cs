namespace InteropGateway.Adapters.WebRtc.Sdp;

/// <summary>One payload type of a media section with its rtpmap, fmtp and rtcp-fb lines gathered.</summary>
public sealed record SdpRtpCodec(
    int PayloadType,
    string Name,
    int ClockRate,
    int Channels,
    string? Fmtp,
    IReadOnlyList<SdpRtcpFeedback> Feedback)
{
    public IReadOnlyDictionary<string, string> Parameters =>
        Fmtp is null ? new Dictionary<string, string>() : SdpFmtp.ParseParameters(Fmtp);

    public bool IsNamed(string name) => Name.Equals(name, StringComparison.OrdinalIgnoreCase);

    public bool HasFeedback(string type, string? parameter = null) => Feedback.Any(f => f.Is(type, parameter));
}
