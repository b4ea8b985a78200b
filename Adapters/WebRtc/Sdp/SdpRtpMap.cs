namespace InteropGateway.Adapters.WebRtc.Sdp;

/// <summary><c>a=rtpmap:96 H264/90000</c> or <c>a=rtpmap:111 opus/48000/2</c>.</summary>
public sealed record SdpRtpMap(int PayloadType, string EncodingName, int ClockRate, int Channels = 0)
{
    public static bool TryParse(string? value, out SdpRtpMap map, out string error)
    {
        map = null!;
        error = "";
        var space = value?.IndexOf(' ') ?? -1;
        if (value is null || space <= 0)
            return Fail("expected '<payload type> <encoding>/<clock rate>[/<channels>]'", out error);
        if (!SdpPayloadType.TryParse(value.AsSpan(0, space), out var pt))
            return Fail($"payload type '{value[..space]}' is not 0..127", out error);
        var parts = value[(space + 1)..].Trim().Split('/');
        if (parts.Length is < 2 or > 3 || parts[0].Length == 0)
            return Fail("expected '<encoding>/<clock rate>[/<channels>]'", out error);
        if (!int.TryParse(parts[1], out var rate) || rate <= 0)
            return Fail($"clock rate '{parts[1]}' is not a positive number", out error);
        var channels = 0;
        if (parts.Length == 3 && (!int.TryParse(parts[2], out channels) || channels <= 0))
            return Fail($"channel count '{parts[2]}' is not a positive number", out error);
        map = new SdpRtpMap(pt, parts[0], rate, channels);
        return true;
    }

    private static bool Fail(string reason, out string error)
    {
        error = reason;
        return false;
    }

    public override string ToString() =>
        Channels > 0 ? $"{PayloadType} {EncodingName}/{ClockRate}/{Channels}" : $"{PayloadType} {EncodingName}/{ClockRate}";
}

internal static class SdpPayloadType
{
    public static bool TryParse(ReadOnlySpan<char> text, out int payloadType) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, null, out payloadType) && payloadType <= 127;
}
