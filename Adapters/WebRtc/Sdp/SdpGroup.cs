namespace InteropGateway.Adapters.WebRtc.Sdp;

/// <summary>RFC 5888 <c>a=group:BUNDLE 0 1</c>.</summary>
public sealed record SdpGroup(string Semantics, IReadOnlyList<string> Mids)
{
    public static bool TryParse(string? value, out SdpGroup group)
    {
        group = null!;
        if (string.IsNullOrWhiteSpace(value))
            return false;
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        group = new SdpGroup(parts[0], parts[1..]);
        return true;
    }

    public override string ToString() => Mids.Count == 0 ? Semantics : $"{Semantics} {string.Join(' ', Mids)}";
}
