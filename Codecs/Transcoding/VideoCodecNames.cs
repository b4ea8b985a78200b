using InteropGateway.Codecs.Media;

namespace InteropGateway.Codecs.Transcoding;

/// <summary>The FFmpeg decoders and encoders behind each video codec of the gateway.</summary>
public static class VideoCodecNames
{
    /// <summary>The libavcodec decoder for <paramref name="codec"/>, or null when the gateway decodes no such video.</summary>
    public static string? Decoder(CodecId codec) => codec switch
    {
        CodecId.H264 => "h264",
        CodecId.H265 => "hevc",
        CodecId.Vp8 => "vp8",
        CodecId.Mpeg1Video => "mpeg1video",
        _ => null,
    };

    /// <summary>The libavcodec encoder producing <paramref name="codec"/>, or null when the gateway encodes no such video.</summary>
    public static string? Encoder(CodecId codec) => codec switch
    {
        CodecId.H264 => "libx264",
        CodecId.Mpeg1Video => "mpeg1video",
        _ => null,
    };
}
