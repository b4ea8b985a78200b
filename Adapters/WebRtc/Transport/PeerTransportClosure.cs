namespace InteropGateway.Adapters.WebRtc.Transport;

/// <summary>Why a <see cref="PeerTransport"/> ended.</summary>
public enum PeerTransportCloseReason
{
    /// <summary>No valid STUN check for the consent timeout (RFC 7675): the browser went away.</summary>
    ConsentLost,
    /// <summary>The DTLS handshake failed or timed out, or the established association failed.</summary>
    DtlsFailed,
    /// <summary>The peer closed DTLS (close_notify), or its ICE-TCP connection closed.</summary>
    ClosedByPeer,
    /// <summary>Disposed by its owner (session ended, stream unpublished).</summary>
    Disposed,
    /// <summary>The transport server is stopping.</summary>
    ServerStopped,
}

public sealed record PeerTransportClosure(PeerTransportCloseReason Reason, string Detail)
{
    public override string ToString() => $"{Reason}: {Detail}";
}
