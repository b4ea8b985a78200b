namespace InteropGateway.Adapters.WebRtc.Sdp;

/// <summary>
/// RFC 8285 <c>a=extmap:3/sendonly urn:ietf:params:rtp-hdrext:sdes:mid</c>. Parsed so a malformed
/// one is reported, then kept; the answer does not negotiate header extensions.
/// </summary>
public sealed record SdpExtmap(int Id, string? Direction, string Uri, string? Attributes = null)
{
    public static bool TryParse(string? value, out SdpExtmap extmap)
    {
        extmap = null!;
        var parts = value?.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts is null || parts.Length < 2)
            return false;
        var idText = parts[0];
        string? direction = null;
        var slash = idText.IndexOf('/');
        if (slash >= 0)
        {
            direction = idText[(slash + 1)..];
            idText = idText[..slash];
            if (!MediaDirectionNames.TryParse(direction, out _))
                return false;
        }
        if (!int.TryParse(idText, System.Globalization.NumberStyles.None, null, out var id) || id is < 1 or > 255)
            return false;
        extmap = new SdpExtmap(id, direction, parts[1], parts.Length == 3 ? parts[2] : null);
        return true;
    }

    public override string ToString() =>
        $"{Id}{(Direction is null ? "" : "/" + Direction)} {Uri}{(Attributes is null ? "" : " " + Attributes)}";
}
