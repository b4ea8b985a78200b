namespace InteropGateway.Codecs.Media;

/// <summary>Whether a track carries pictures or sound.</summary>
public enum MediaKind
{
    Video,
    Audio,
}

/// <summary>
/// Codecs the gateway knows by name. The canonical payload of each is described in DESIGN §3
/// "Media model": H264/H265 length-prefixed NAL units, AAC raw access units, Opus packets,
/// MPEG-1 pictures, MP2 frames.
/// </summary>
public enum CodecId
{
    Unknown = 0,
    H264,
    H265,
    Vp8,
    Mpeg1Video,
    Aac,
    Opus,
    Mp2,
}

public static class CodecIdExtensions
{
    public static MediaKind Kind(this CodecId codec) => codec switch
    {
        CodecId.Aac or CodecId.Opus or CodecId.Mp2 => MediaKind.Audio,
        _ => MediaKind.Video,
    };

    /// <summary>The lower-case name used in the matrix file, the API and logs ("h264", "aac", ...).</summary>
    public static string Name(this CodecId codec) => codec switch
    {
        CodecId.H264 => "h264",
        CodecId.H265 => "h265",
        CodecId.Vp8 => "vp8",
        CodecId.Mpeg1Video => "mpeg1",
        CodecId.Aac => "aac",
        CodecId.Opus => "opus",
        CodecId.Mp2 => "mp2",
        _ => "unknown",
    };

    public static bool TryParse(string? name, out CodecId codec)
    {
        codec = name?.Trim().ToLowerInvariant() switch
        {
            "h264" or "avc" => CodecId.H264,
            "h265" or "hevc" => CodecId.H265,
            "vp8" => CodecId.Vp8,
            "mpeg1" or "mpeg1video" => CodecId.Mpeg1Video,
            "aac" => CodecId.Aac,
            "opus" => CodecId.Opus,
            "mp2" => CodecId.Mp2,
            _ => CodecId.Unknown,
        };
        return codec != CodecId.Unknown;
    }
}
