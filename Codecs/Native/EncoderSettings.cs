namespace InteropGateway.Codecs.Native;

/// <summary>
/// The generic encoder parameters, applied as AVOptions before avcodec_open2 (codec-private options
/// such as x264's "preset" go in the options dictionary of <see cref="Encoder.Open"/>).
/// Zero / None leaves FFmpeg's default.
/// </summary>
public sealed record EncoderSettings
{
    public long BitRate { get; init; }
    /// <summary>Encoder time base; audio defaults to 1/<see cref="SampleRate"/>.</summary>
    public Rational TimeBase { get; init; }
    /// <summary>
    /// Sets AV_CODEC_FLAG_GLOBAL_HEADER: parameter sets / AudioSpecificConfig go to
    /// <see cref="Encoder.Extradata"/> instead of in-band (FLV, MP4, SDP need them out of band).
    /// </summary>
    public bool GlobalHeader { get; init; }
    /// <summary>Codec threads; 0 = FFmpeg default.</summary>
    public int Threads { get; init; }

    // audio
    public int SampleRate { get; init; }
    public int Channels { get; init; }
    public SampleFormat SampleFormat { get; init; } = SampleFormat.None;

    // video
    public int Width { get; init; }
    public int Height { get; init; }
    public PixelFormat PixelFormat { get; init; } = PixelFormat.None;
    public Rational FrameRate { get; init; }
    /// <summary>Keyframe interval in frames ("g").</summary>
    public int GopSize { get; init; }
    /// <summary>B-frames ("bf"); -1 leaves the default.</summary>
    public int MaxBFrames { get; init; } = -1;

    public static EncoderSettings Audio(int sampleRate, int channels, SampleFormat format, long bitRate) => new()
    {
        SampleRate = sampleRate,
        Channels = channels,
        SampleFormat = format,
        BitRate = bitRate,
        TimeBase = new Rational(1, sampleRate),
    };
}
