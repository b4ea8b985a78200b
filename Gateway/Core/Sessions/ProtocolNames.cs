namespace InteropGateway.Core.Sessions;

/// <summary>The six protocol families, by their matrix key (DESIGN §1).</summary>
public static class ProtocolNames
{
    public const string WebRtc = "webrtc";
    public const string H5 = "h5";
    public const string MiniProgram = "miniprogram";
    public const string Rtmp = "rtmp";
    public const string Udp = "udp";
    public const string Cdn = "cdn";

    /// <summary>Sessions inside the gateway (demo source, tests, branches).</summary>
    public const string Internal = "internal";
}
