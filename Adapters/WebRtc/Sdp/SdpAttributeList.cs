namespace InteropGateway.Adapters.WebRtc.Sdp;

/// <summary>Attribute lookups shared by the session level and each media section.</summary>
public abstract class SdpAttributeList
{
    public List<SdpAttribute> Attributes { get; } = [];

    public string? GetAttribute(string name) => Attributes.Find(a => a.Name == name)?.Value;

    public bool HasAttribute(string name) => Attributes.Exists(a => a.Name == name);

    public IEnumerable<string> GetAttributes(string name)
    {
        foreach (var attribute in Attributes)
            if (attribute.Name == name)
                yield return attribute.Value ?? "";
    }

    public void Add(string name, string? value = null) => Attributes.Add(new SdpAttribute(name, value));

    public string? IceUfrag => GetAttribute("ice-ufrag");
    public string? IcePwd => GetAttribute("ice-pwd");
    public bool IceLite => HasAttribute("ice-lite");

    public SdpFingerprint? Fingerprint =>
        SdpFingerprint.TryParse(GetAttribute("fingerprint"), out var fingerprint) ? fingerprint : null;

    public SdpSetupRole? Setup =>
        SdpSetupRoleNames.TryParse(GetAttribute("setup"), out var role) ? role : null;
}
