namespace InteropGateway.Matrix;

/// <summary>The six matrix keys (DESIGN §1), in the order of the rows and columns of the table.</summary>
public static class Protocols
{
    public const string WebRtc = "webrtc";
    public const string H5 = "h5";
    public const string MiniProgram = "miniprogram";
    public const string Rtmp = "rtmp";
    public const string Udp = "udp";
    public const string Cdn = "cdn";

    public static IReadOnlyList<string> All { get; } = [WebRtc, H5, MiniProgram, Rtmp, Udp, Cdn];

    public static bool IsKnown(string? key) => key is not null && All.Contains(key);

    /// <summary>Row/column position of a protocol in the table, or -1.</summary>
    public static int IndexOf(string key)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (All[i] == key)
            {
                return i;
            }
        }
        return -1;
    }
}
