namespace InteropGateway.Adapters.WebRtc;

/// <summary>Which host candidates WHIP/WHEP answers carry (<c>Gateway:WebRtc:CandidatePolicy</c>).</summary>
public enum CandidatePolicy
{
    /// <summary>UDP, the ICE-TCP port and, lowest in priority, ICE-TCP on the multiplexed TLS port.</summary>
    All,

    /// <summary>
    /// Only ICE-TCP on the multiplexed port (443 in production): for deployments where nothing but that
    /// port is reachable, so browsers do not spend seconds on candidates that can never work.
    /// </summary>
    TlsPortOnly,
}
