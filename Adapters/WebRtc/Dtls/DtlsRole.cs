namespace InteropGateway.Adapters.WebRtc.Dtls;

/// <summary>Which side of the DTLS handshake we play (RFC 5763 §5, RFC 8842).</summary>
public enum DtlsRole
{
    /// <summary>We wait for the ClientHello: our a=setup is passive. The usual case, browsers offer actpass.</summary>
    Server,
    /// <summary>We send the ClientHello: our a=setup is active.</summary>
    Client,
}

public static class DtlsRoles
{
    /// <summary>
    /// Our role from the peer's a=setup: a peer that is active (or actpass, leaving the choice to us) makes us
    /// the server; a passive peer makes us the client.
    /// </summary>
    public static DtlsRole FromRemoteSetup(string? remoteSetup) => remoteSetup?.Trim().ToLowerInvariant() switch
    {
        "passive" => DtlsRole.Client,
        _ => DtlsRole.Server,
    };

    /// <summary>The a=setup value we answer with for a role.</summary>
    public static string LocalSetup(this DtlsRole role) => role == DtlsRole.Server ? "passive" : "active";
}
