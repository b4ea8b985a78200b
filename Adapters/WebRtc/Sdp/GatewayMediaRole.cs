namespace InteropGateway.Adapters.WebRtc.Sdp;

/// <summary>Which way media flows for the gateway in a WebRTC session.</summary>
public enum GatewayMediaRole
{
    /// <summary>WHIP: the peer publishes, the gateway receives.</summary>
    Receive,
    /// <summary>WHEP: the peer plays, the gateway sends.</summary>
    Send,
}
