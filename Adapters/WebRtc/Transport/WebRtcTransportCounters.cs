namespace InteropGateway.Adapters.WebRtc.Transport;

/// <summary>Port-wide counters: what arrived, and what was dropped and why. Read them with <see cref="Snapshot"/>.</summary>
public sealed class WebRtcTransportCounters
{
    public long Datagrams;
    /// <summary>Neither STUN, DTLS nor RTP/RTCP by first byte, or a STUN message that does not parse.</summary>
    public long Garbage;
    /// <summary>STUN requests whose USERNAME names no live session.</summary>
    public long UnknownUfrag;
    /// <summary>DTLS/SRTP from an address no STUN check has validated.</summary>
    public long UnknownAddress;
    /// <summary>Checks ignored for wrong MESSAGE-INTEGRITY or USERNAME.</summary>
    public long RejectedChecks;
    public long SrtpUnprotectFailures;
    public long SendErrors;
    public long TcpConnections;
    public long TcpFramingErrors;
    public long TcpSendDrops;

    internal void Increment(ref long counter) => Interlocked.Increment(ref counter);

    public IReadOnlyDictionary<string, long> Snapshot() => new Dictionary<string, long>
    {
        ["datagrams"] = Interlocked.Read(ref Datagrams),
        ["garbage"] = Interlocked.Read(ref Garbage),
        ["unknown_ufrag"] = Interlocked.Read(ref UnknownUfrag),
        ["unknown_address"] = Interlocked.Read(ref UnknownAddress),
        ["rejected_checks"] = Interlocked.Read(ref RejectedChecks),
        ["srtp_unprotect_failures"] = Interlocked.Read(ref SrtpUnprotectFailures),
        ["send_errors"] = Interlocked.Read(ref SendErrors),
        ["tcp_connections"] = Interlocked.Read(ref TcpConnections),
        ["tcp_framing_errors"] = Interlocked.Read(ref TcpFramingErrors),
        ["tcp_send_drops"] = Interlocked.Read(ref TcpSendDrops),
    };
}
