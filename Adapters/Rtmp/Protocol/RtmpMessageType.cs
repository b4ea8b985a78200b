namespace InteropGateway.Adapters.Rtmp.Protocol;

/// <summary>RTMP message type ids (RTMP 1.0 spec §5.4, §7.1).</summary>
public static class RtmpMessageType
{
    public const byte SetChunkSize = 1;
    public const byte Abort = 2;
    public const byte Acknowledgement = 3;
    public const byte UserControl = 4;
    public const byte WindowAcknowledgementSize = 5;
    public const byte SetPeerBandwidth = 6;
    public const byte Audio = 8;
    public const byte Video = 9;
    public const byte DataAmf3 = 15;
    public const byte SharedObjectAmf3 = 16;
    public const byte CommandAmf3 = 17;
    public const byte DataAmf0 = 18;
    public const byte SharedObjectAmf0 = 19;
    public const byte CommandAmf0 = 20;
    public const byte Aggregate = 22;

    /// <summary>Protocol control messages travel on chunk stream 2, message stream 0.</summary>
    public static bool IsProtocolControl(byte type) => type is >= SetChunkSize and <= SetPeerBandwidth;
}

/// <summary>Chunk stream ids used by convention (as ffmpeg and nginx-rtmp do).</summary>
public static class RtmpChunkStreamId
{
    public const int ProtocolControl = 2;
    public const int Command = 3;
    public const int Audio = 4;
    public const int Video = 6;
    public const int Data = 5;
}
