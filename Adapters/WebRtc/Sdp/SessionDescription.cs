namespace InteropGateway.Adapters.WebRtc.Sdp;

/// <summary>
/// A parsed SDP (RFC 8866): the session lines, session-level attributes and the media sections in
/// order. Lines we do not interpret (i=, u=, e=, p=, b=, k=, r=, z=) are not kept.
/// </summary>
public sealed class SessionDescription : SdpAttributeList
{
    public string Origin { get; set; } = "- 0 0 IN IP4 127.0.0.1";
    public string SessionName { get; set; } = "-";
    public string Timing { get; set; } = "0 0";
    public string? Connection { get; set; }
    public List<MediaDescription> Media { get; } = [];

    public IEnumerable<SdpGroup> Groups
    {
        get
        {
            foreach (var value in GetAttributes("group"))
                if (SdpGroup.TryParse(value, out var group))
                    yield return group;
        }
    }

    /// <summary>The mids of the first BUNDLE group, empty when there is none.</summary>
    public IReadOnlyList<string> BundleMids =>
        Groups.FirstOrDefault(g => g.Semantics.Equals("BUNDLE", StringComparison.OrdinalIgnoreCase))?.Mids ?? [];

    public static SessionDescription Parse(string text) => SdpParser.Parse(text);

    public override string ToString() => SdpWriter.Write(this);

    /// <summary>ICE credentials: media level first (what browsers write), then session level.</summary>
    public (string? Ufrag, string? Pwd) IceCredentialsFor(MediaDescription media) =>
        (media.IceUfrag ?? IceUfrag, media.IcePwd ?? IcePwd);

    public SdpFingerprint? FingerprintFor(MediaDescription media) => media.Fingerprint ?? Fingerprint;

    public SdpSetupRole? SetupFor(MediaDescription media) => media.Setup ?? Setup;
}
