namespace InteropGateway.Adapters.WebRtc;

/// <summary>
/// WHIP/WHEP settings, section <c>Gateway:WebRtc</c> (the ports and ICE/DTLS timing of the same
/// section are in <see cref="Transport.WebRtcTransportOptions"/>).
/// </summary>
public sealed class WebRtcOptions
{
    public const string Section = "Gateway:WebRtc";

    /// <summary>
    /// Addresses put in the host candidates of every answer. Empty: the machine's IPv4 addresses
    /// (loopback included, so a browser on the same machine connects).
    /// </summary>
    public List<string> CandidateAddresses { get; set; } = [];

    /// <summary>
    /// Which candidates answers carry: <see cref="WebRtc.CandidatePolicy.All"/> (UDP, the ICE-TCP port and the
    /// multiplexed TLS port) or <see cref="WebRtc.CandidatePolicy.TlsPortOnly"/>. A WHIP/WHEP request can ask
    /// for the latter itself with <c>?transport=tcp</c>.
    /// </summary>
    public CandidatePolicy CandidatePolicy { get; set; } = CandidatePolicy.All;

    /// <summary>When set, WHIP and WHEP requests must carry <c>Authorization: Bearer TOKEN</c>.</summary>
    public string? BearerToken { get; set; }

    /// <summary>How long a new session may take to finish ICE and DTLS before it is given up.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);
}
