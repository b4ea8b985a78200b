namespace InteropGateway.Adapters.WebRtc.Whip;

/// <summary>Which side of the media a session is: a WHIP publisher sends to us, a WHEP viewer receives.</summary>
public enum WhipRole
{
    /// <summary>WHIP (RFC 9725): the peer publishes, we receive.</summary>
    Ingest,
    /// <summary>WHEP: the peer plays, we send.</summary>
    Egress,
}
