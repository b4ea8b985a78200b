namespace InteropGateway.Adapters.WebRtc.Sdp;

/// <summary>RFC 8830 <c>a=msid:&lt;stream id&gt; [&lt;track id&gt;]</c>; stream id "-" means no stream.</summary>
public sealed record SdpMsid(string StreamId, string? TrackId = null)
{
    public static bool TryParse(string? value, out SdpMsid msid)
    {
        msid = null!;
        var parts = value?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts is null || parts.Length is 0 or > 2)
            return false;
        msid = new SdpMsid(parts[0], parts.Length == 2 ? parts[1] : null);
        return true;
    }

    public override string ToString() => TrackId is null ? StreamId : $"{StreamId} {TrackId}";
}
