using InteropGateway.Codecs.Media;

namespace InteropGateway.Adapters.RelayNode.Wire;

/// <summary>
/// The relay link's byte layout: the relay core's own frames, framed losslessly, so any codec
/// crosses the link untouched (payloads byte-identical, DTS/PTS in core ticks, configs whole).
/// <code>
/// stream   = magic "IGRL" version(u8) record*
/// record   = type(u8) bodyLength(u32 BE) body
/// Hello    = protocolLength(u8) protocol(ASCII)         first record: the source's matrix protocol
/// Track    = trackId(u8) kind(u8) codec(u8) width(i32) height(i32) sampleRate(i32) channels(i32) extradata(rest)
/// Frame    = trackId(u8) flags(u8: 1 = keyframe) dts(i64) pts(i64) payload(rest)
/// End      = reason(UTF-8, rest)                          orderly end of the stream
/// </code>
/// All integers big-endian. A Track record (re)announces a track id; frames refer to the last
/// announcement of their id. Codec numbers are the wire's own, independent of <see cref="CodecId"/>'s.
/// </summary>
public static class RelayWireFormat
{
    public static ReadOnlySpan<byte> Magic => "IGRL"u8;
    public const byte Version = 1;
    public const int PreambleLength = 5;
    public const int RecordHeaderLength = 5;
    public const int TrackFixedLength = 3 + 4 * 4;
    public const int FrameHeaderLength = 2 + 8 + 8;
    public const byte KeyframeFlag = 1;

    /// <summary>Media type of both relay bodies (push request and play response).</summary>
    public const string ContentType = "application/x-interop-relay";

    public static byte WireCodec(CodecId codec) => codec switch
    {
        CodecId.H264 => 1,
        CodecId.H265 => 2,
        CodecId.Vp8 => 3,
        CodecId.Mpeg1Video => 4,
        CodecId.Aac => 5,
        CodecId.Opus => 6,
        CodecId.Mp2 => 7,
        _ => 0,
    };

    public static CodecId FromWireCodec(byte codec) => codec switch
    {
        1 => CodecId.H264,
        2 => CodecId.H265,
        3 => CodecId.Vp8,
        4 => CodecId.Mpeg1Video,
        5 => CodecId.Aac,
        6 => CodecId.Opus,
        7 => CodecId.Mp2,
        _ => CodecId.Unknown,
    };
}

/// <summary>What a record carries; the numbers are on the wire.</summary>
public enum RelayRecordType : byte
{
    Hello = 1,
    Track = 2,
    Frame = 3,
    End = 4,
}
