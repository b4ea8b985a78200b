namespace InteropGateway.Codecs.Transcoding;

/// <summary>
/// Encoder settings of a branch target, section <c>Gateway:Transcode</c>. Part of a branch's
/// identity: viewers needing the same codec with the same settings share one branch.
/// Zero means "follow the source" (size, frame rate) or "the codec's natural value".
/// </summary>
public sealed record TranscodeSettings
{
    public const string Section = "Gateway:Transcode";

    /// <summary>Opus bitrate (bit/s). Opus is always encoded at 48 kHz.</summary>
    public int OpusBitRate { get; init; } = 96_000;
    public int AacBitRate { get; init; } = 128_000;
    public int Mp2BitRate { get; init; } = 128_000;

    public int H264BitRate { get; init; } = 2_000_000;
    /// <summary>libx264 preset; with tune=zerolatency always.</summary>
    public string H264Preset { get; init; } = "veryfast";
    /// <summary>Keyframe interval of encoded video, in seconds.</summary>
    public double KeyframeIntervalSeconds { get; init; } = 2;

    public int Mpeg1BitRate { get; init; } = 1_500_000;
    /// <summary>MPEG-1 output size; 0 keeps the source size (rounded to even).</summary>
    public int Mpeg1Width { get; init; }
    public int Mpeg1Height { get; init; }
    /// <summary>MPEG-1 needs a standard frame rate (24, 25, 30, 50, 60...): frames are dropped or repeated to meet it.</summary>
    public int Mpeg1Fps { get; init; } = 30;
}
