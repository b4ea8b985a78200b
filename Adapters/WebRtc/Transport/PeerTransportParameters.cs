using InteropGateway.Adapters.WebRtc.Dtls;
using InteropGateway.Adapters.WebRtc.Ice;

namespace InteropGateway.Adapters.WebRtc.Transport;

/// <summary>What the remote SDP tells the transport of one session.</summary>
/// <param name="RemoteUfrag">The peer's a=ice-ufrag; null accepts any (set it later with <see cref="PeerTransport.SetRemoteUfrag"/>).</param>
/// <param name="RemoteFingerprint">The peer's a=fingerprint; its DTLS certificate must match it.</param>
/// <param name="Role">Ours, from the peer's a=setup (<see cref="DtlsRoles.FromRemoteSetup"/>): usually Server.</param>
/// <param name="LocalCredentials">Our ufrag/password; generated when null.</param>
public sealed record PeerTransportParameters(
    string? RemoteUfrag,
    DtlsFingerprint RemoteFingerprint,
    DtlsRole Role = DtlsRole.Server,
    IceCredentials? LocalCredentials = null);
