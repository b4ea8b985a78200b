namespace InteropGateway.Adapters.Udp.Native;

/// <summary>The SRT_SOCKOPT values the gateway sets or reads (srt.h).</summary>
internal enum SrtOption
{
    SendSynchronous = 1,        // SRTO_SNDSYN (bool)
    ReceiveSynchronous = 2,     // SRTO_RCVSYN (bool)
    Latency = 23,               // SRTO_LATENCY (int ms): receiver and peer latency at once
    Passphrase = 26,            // SRTO_PASSPHRASE (string, 10..79 chars)
    PbKeyLength = 27,           // SRTO_PBKEYLEN (int 16/24/32)
    ConnectTimeout = 36,        // SRTO_CONNTIMEO (int ms)
    ReceiveLatency = 43,        // SRTO_RCVLATENCY (int ms)
    StreamId = 46,              // SRTO_STREAMID (string, up to 512 bytes)
    TransportType = 50,         // SRTO_TRANSTYPE (SRTT_LIVE = 0)
    PeerIdleTimeout = 55,       // SRTO_PEERIDLETIMEO (int ms)
}

/// <summary>SRT_SOCKSTATUS.</summary>
internal enum SrtSocketState
{
    Init = 1,
    Opened,
    Listening,
    Connecting,
    Connected,
    Broken,
    Closing,
    Closed,
    NonExistent,
}
