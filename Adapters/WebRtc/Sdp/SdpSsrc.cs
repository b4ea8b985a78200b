namespace InteropGateway.Adapters.WebRtc.Sdp;

/// <summary>RFC 5576 <c>a=ssrc:1234 cname:abc</c> (also <c>msid:</c>, legacy <c>mslabel:</c>/<c>label:</c>).</summary>
public sealed record SdpSsrc(uint Ssrc, string Attribute, string? Value = null)
{
    public static bool TryParse(string? value, out SdpSsrc ssrc)
    {
        ssrc = null!;
        if (value is null)
            return false;
        var space = value.IndexOf(' ');
        var idText = space < 0 ? value : value[..space];
        if (!uint.TryParse(idText, System.Globalization.NumberStyles.None, null, out var id))
            return false;
        if (space < 0)
        {
            ssrc = new SdpSsrc(id, "");
            return true;
        }
        var rest = value[(space + 1)..];
        var colon = rest.IndexOf(':');
        ssrc = colon < 0 ? new SdpSsrc(id, rest) : new SdpSsrc(id, rest[..colon], rest[(colon + 1)..]);
        return true;
    }

    public override string ToString() =>
        Attribute.Length == 0 ? Ssrc.ToString() : Value is null ? $"{Ssrc} {Attribute}" : $"{Ssrc} {Attribute}:{Value}";
}

/// <summary>RFC 5576 <c>a=ssrc-group:FID 1111 2222</c> (RTX pairs) or <c>SIM</c>.</summary>
public sealed record SdpSsrcGroup(string Semantics, IReadOnlyList<uint> Ssrcs)
{
    public static bool TryParse(string? value, out SdpSsrcGroup group)
    {
        group = null!;
        var parts = value?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts is null || parts.Length < 2)
            return false;
        var ids = new uint[parts.Length - 1];
        for (var i = 1; i < parts.Length; i++)
            if (!uint.TryParse(parts[i], System.Globalization.NumberStyles.None, null, out ids[i - 1]))
                return false;
        group = new SdpSsrcGroup(parts[0], ids);
        return true;
    }

    public override string ToString() => $"{Semantics} {string.Join(' ', Ssrcs)}";
}
