using InteropGateway.Codecs.Media;

namespace InteropGateway.Codecs.Containers.MpegTs;

/// <summary>PMT stream_type values (ISO/IEC 13818-1 Table 2-34) for the codecs the gateway carries.</summary>
public enum TsStreamType : byte
{
    Mpeg1Video = 0x01,
    Mpeg2Video = 0x02,
    Mpeg1Audio = 0x03,
    Mpeg2Audio = 0x04,
    /// <summary>PES private data: Opus, identified by a registration descriptor "Opus".</summary>
    PrivateData = 0x06,
    AacAdts = 0x0F,
    H264 = 0x1B,
    H265 = 0x24,
}

public static class TsStreamTypes
{
    /// <summary>What a muxer declares for a codec; MP2 is MPEG-1 Layer II, hence 0x03 (JSMpeg's own muxer choice too).</summary>
    public static TsStreamType For(CodecId codec) => codec switch
    {
        CodecId.Mpeg1Video => TsStreamType.Mpeg1Video,
        CodecId.Mp2 => TsStreamType.Mpeg1Audio,
        CodecId.Aac => TsStreamType.AacAdts,
        CodecId.H264 => TsStreamType.H264,
        CodecId.H265 => TsStreamType.H265,
        CodecId.Opus => TsStreamType.PrivateData,
        _ => throw new NotSupportedException($"{codec.Name()} has no MPEG-TS mapping here"),
    };

    /// <summary>
    /// The codec of a PMT entry. ffmpeg declares MPEG-1 video as 0x02 (MPEG-2), and MP2 as 0x03 or
    /// 0x04 depending on the sample rate, so both of each pair map to the one codec we carry.
    /// </summary>
    public static CodecId ToCodec(TsStreamType type, bool hasOpusRegistration) => type switch
    {
        TsStreamType.Mpeg1Video or TsStreamType.Mpeg2Video => CodecId.Mpeg1Video,
        TsStreamType.Mpeg1Audio or TsStreamType.Mpeg2Audio => CodecId.Mp2,
        TsStreamType.AacAdts => CodecId.Aac,
        TsStreamType.H264 => CodecId.H264,
        TsStreamType.H265 => CodecId.H265,
        TsStreamType.PrivateData when hasOpusRegistration => CodecId.Opus,
        _ => CodecId.Unknown,
    };

    public static byte StreamIdFor(CodecId codec) => codec switch
    {
        CodecId.Opus => TsConstants.PrivateStream1,
        _ when codec.Kind() == MediaKind.Video => TsConstants.VideoStreamId,
        _ => TsConstants.AudioStreamId,
    };
}
