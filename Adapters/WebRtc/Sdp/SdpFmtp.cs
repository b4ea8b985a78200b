namespace InteropGateway.Adapters.WebRtc.Sdp;

/// <summary><c>a=fmtp:96 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f</c>.</summary>
public sealed record SdpFmtp(int PayloadType, string Parameters)
{
    public static bool TryParse(string? value, out SdpFmtp fmtp)
    {
        fmtp = null!;
        var space = value?.IndexOf(' ') ?? -1;
        if (value is null || space <= 0 || !SdpPayloadType.TryParse(value.AsSpan(0, space), out var pt))
            return false;
        fmtp = new SdpFmtp(pt, value[(space + 1)..].Trim());
        return true;
    }

    /// <summary>The <c>key=value</c> pairs (keys lower-cased); a bare token (RED's "111/111") maps to "".</summary>
    public IReadOnlyDictionary<string, string> ParseParameters() => ParseParameters(Parameters);

    public static IReadOnlyDictionary<string, string> ParseParameters(string parameters)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in parameters.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=');
            if (equals < 0)
                result[pair] = "";
            else
                result[pair[..equals].Trim()] = pair[(equals + 1)..].Trim();
        }
        return result;
    }

    public override string ToString() => $"{PayloadType} {Parameters}";
}
