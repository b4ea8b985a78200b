using InteropGateway.Adapters.WebRtc.Sdp;

namespace InteropGateway.Adapters.WebRtc.Sessions;

/// <summary>
/// Chooses the host candidates of an answer. By default every way in, in the order a browser should
/// try them: UDP, then the ICE-TCP port, then ICE-TCP on the multiplexed TLS port (the last resort
/// through firewalls that only let 443 out). When the client asks for TCP (<c>?transport=tcp</c>) or
/// the policy is <see cref="CandidatePolicy.TlsPortOnly"/>, only the multiplexed-port candidate.
/// </summary>
internal static class AnswerCandidates
{
    /// <summary>RFC 8445 local preferences (higher is tried first); each candidate's foundation number is subtracted to keep them unique.</summary>
    private const int UdpPreference = 65535;
    private const int IceTcpPreference = 32767;
    private const int MultiplexedPreference = 16383;

    public static CandidateChoice Choose(IReadOnlyList<string> addresses, CandidatePorts ports, CandidatePolicy policy, bool clientAskedForTcp)
    {
        // The same port twice (TcpPort configured as the TLS port) would be one listener named twice.
        var multiplexed = ports.Multiplexed is { } m && m != ports.IceTcp ? ports.Multiplexed : null;
        if (!clientAskedForTcp && policy == CandidatePolicy.All)
            return new(Build(addresses, ports.Udp, ports.IceTcp, multiplexed),
                $"CandidatePolicy All: udp {ports.Udp}, ice-tcp {Describe(ports.IceTcp)}, multiplexed {Describe(multiplexed)}");

        var why = clientAskedForTcp ? "the client asked for transport=tcp" : "CandidatePolicy TlsPortOnly";
        if (ports.Multiplexed is { } tlsPort)
            return new(Build(addresses, null, null, tlsPort), $"{why}: only ICE-TCP on the multiplexed port {tlsPort}");
        // The multiplexed port (or ICE-TCP) is switched off: the nearest we can do to what was asked.
        if (ports.IceTcp is { } iceTcp)
            return new(Build(addresses, null, iceTcp, null), $"{why}, but the multiplexed port is off: only the ICE-TCP port {iceTcp}");
        return new(Build(addresses, ports.Udp, null, null), $"{why}, but ICE-TCP is off: udp {ports.Udp} only");
    }

    private static List<SdpCandidate> Build(IReadOnlyList<string> addresses, int? udp, int? iceTcp, int? multiplexed)
    {
        var candidates = new List<SdpCandidate>();
        var foundation = 1;
        foreach (var address in addresses)
        {
            if (udp is { } udpPort)
                candidates.Add(SdpCandidate.Host((foundation++).ToString(), "udp", address, udpPort, UdpPreference - foundation));
            if (iceTcp is { } tcpPort)
                candidates.Add(SdpCandidate.Host((foundation++).ToString(), "tcp", address, tcpPort, IceTcpPreference - foundation));
            if (multiplexed is { } tlsPort)
                candidates.Add(SdpCandidate.Host((foundation++).ToString(), "tcp", address, tlsPort, MultiplexedPreference - foundation));
        }
        return candidates;
    }

    private static string Describe(int? port) => port is { } p ? p.ToString() : "off";
}
