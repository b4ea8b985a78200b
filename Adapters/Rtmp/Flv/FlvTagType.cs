namespace InteropGateway.Adapters.Rtmp.Flv;

/// <summary>FLV tag types; they equal the RTMP message type ids of the same content.</summary>
public static class FlvTagType
{
    public const byte Audio = 8;
    public const byte Video = 9;
    public const byte Script = 18;
}
