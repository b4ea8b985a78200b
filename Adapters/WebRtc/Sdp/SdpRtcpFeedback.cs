namespace InteropGateway.Adapters.WebRtc.Sdp;

/// <summary>RFC 4585 <c>a=rtcp-fb:96 nack pli</c>; <see cref="PayloadType"/> is -1 for the wildcard "*".</summary>
public sealed record SdpRtcpFeedback(int PayloadType, string Type, string? Parameter = null)
{
    public static bool TryParse(string? value, out SdpRtcpFeedback feedback)
    {
        feedback = null!;
        if (value is null)
            return false;
        var parts = value.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2)
            return false;
        int pt;
        if (parts[0] == "*")
            pt = -1;
        else if (!SdpPayloadType.TryParse(parts[0], out pt))
            return false;
        feedback = new SdpRtcpFeedback(pt, parts[1], parts.Length == 3 ? parts[2] : null);
        return true;
    }

    public bool Is(string type, string? parameter = null) =>
        string.Equals(Type, type, StringComparison.OrdinalIgnoreCase) &&
        string.Equals(Parameter, parameter, StringComparison.OrdinalIgnoreCase);

    public override string ToString() =>
        $"{(PayloadType < 0 ? "*" : PayloadType.ToString())} {Type}{(Parameter is null ? "" : " " + Parameter)}";
}
