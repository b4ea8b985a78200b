namespace InteropGateway.Adapters.WebRtc.Transport;

/// <summary>The shared WebRTC media port, section <c>Gateway:WebRtc</c>.</summary>
public sealed class WebRtcTransportOptions
{
    public const string Section = "Gateway:WebRtc";

    /// <summary>The one UDP port all sessions share (STUN, DTLS and SRTP demultiplexed per RFC 7983).</summary>
    public int UdpPort { get; set; } = 8000;

    /// <summary>Passive ICE-TCP port (RFC 6544, RFC 4571 framing). 0 picks a free port (tests).</summary>
    public int TcpPort { get; set; } = 8000;

    /// <summary>Accept ICE-TCP (for networks that block UDP).</summary>
    public bool EnableIceTcp { get; set; } = true;

    /// <summary>Address both sockets bind to; "::" listens on IPv6 and IPv4 (dual mode).</summary>
    public string BindAddress { get; set; } = "::";

    /// <summary>A session with no valid STUN check for this long has lost consent (RFC 7675) and is closed.</summary>
    public TimeSpan ConsentTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Upper bound on the DTLS handshake, counted from session creation (server role) or ICE connectivity (client role).</summary>
    public TimeSpan DtlsHandshakeTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// DTLS handshakes in progress at once, server-wide. Each holds a thread (BouncyCastle's DTLS is
    /// blocking); over the limit, new sessions are refused instead of creating more threads.
    /// </summary>
    public int MaxConcurrentDtlsHandshakes { get; set; } = 64;

    /// <summary>How often sessions are checked for lost consent.</summary>
    public TimeSpan ConsentCheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Largest ICE-TCP frame accepted; RFC 4571 allows 65535 but media packets fit in an MTU.</summary>
    public int MaxTcpFrameLength { get; set; } = 8192;

    /// <summary>Frames waiting to be written on one ICE-TCP connection before new ones are dropped.</summary>
    public int TcpSendQueueFrames { get; set; } = 512;

    /// <summary>Kernel receive buffer for the UDP socket; bursts of keyframes from many publishers land here.</summary>
    public int UdpReceiveBufferBytes { get; set; } = 4 << 20;
}
