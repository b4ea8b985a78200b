namespace InteropGateway.Adapters.Rtmp.MiniProgram;

/// <summary>Mini-program (WeChat live-pusher / live-player) settings, section <c>Gateway:MiniProgram</c>.</summary>
public sealed class MiniProgramOptions
{
    public const string Section = "Gateway:MiniProgram";

    /// <summary>Its own RTMP listener; unset (0) means the RTMP port + 1, i.e. 1936 by default; -1 turns it off.</summary>
    public int Port { get; set; }

    /// <summary>HMAC-SHA256 key of the signed URLs (<see cref="SignedUrl"/>). Keep it out of the repository: set it by environment.</summary>
    public string Secret { get; set; } = "";

    /// <summary>Refuse unsigned, tampered or expired URLs (publish and play on the mini-program port, signed HTTP-FLV).</summary>
    public bool RequireSignature { get; set; } = true;

    /// <summary>A joining player with more GOP-cache backlog than this starts at the live edge instead (see LiveEdgeStart).</summary>
    public TimeSpan MaxStartBacklog { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// A signed publisher on a key held by another mini-program publisher replaces it: after a
    /// network switch the pusher reconnects before the gateway notices that the old TCP connection is dead.
    /// </summary>
    public bool ReconnectReplacesPublisher { get; set; } = true;

    public int ResolvePort(int rtmpPort) => Port == 0 ? rtmpPort + 1 : Port;
}
