namespace InteropGateway.Adapters.WebRtc.Sdp;

/// <summary>RFC 8122 <c>a=fingerprint:sha-256 AB:CD:...</c>: the hash of the peer's DTLS certificate.</summary>
public sealed record SdpFingerprint(string Algorithm, string Value)
{
    public static bool TryParse(string? value, out SdpFingerprint fingerprint)
    {
        fingerprint = null!;
        if (value is null)
            return false;
        var space = value.IndexOf(' ');
        if (space <= 0 || space == value.Length - 1)
            return false;
        var hex = value[(space + 1)..].Trim();
        // Colon-separated upper- or lower-case hex pairs.
        if (hex.Length < 2 || (hex.Length + 1) % 3 != 0)
            return false;
        for (var i = 0; i < hex.Length; i++)
        {
            var ok = i % 3 == 2 ? hex[i] == ':' : Uri.IsHexDigit(hex[i]);
            if (!ok)
                return false;
        }
        fingerprint = new SdpFingerprint(value[..space].ToLowerInvariant(), hex.ToUpperInvariant());
        return true;
    }

    public override string ToString() => $"{Algorithm} {Value}";
}
