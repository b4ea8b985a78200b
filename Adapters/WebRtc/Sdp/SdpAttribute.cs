namespace InteropGateway.Adapters.WebRtc.Sdp;

/// <summary>One <c>a=name[:value]</c> line, kept verbatim so unknown attributes survive a round trip.</summary>
public sealed record SdpAttribute(string Name, string? Value = null)
{
    public override string ToString() => Value is null ? Name : $"{Name}:{Value}";
}
