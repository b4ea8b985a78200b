namespace InteropGateway.Codecs.Media;

/// <summary>
/// Immutable description of one track: codec and the out-of-band configuration a decoder needs
/// (H264: AVCDecoderConfigurationRecord; AAC: AudioSpecificConfig; Opus: OpusHead).
/// A frame points at the config it belongs to; when a publisher sends a new sequence header a new
/// TrackConfig instance is made, so egresses detect a change by reference and resend headers.
/// </summary>
public sealed class TrackConfig
{
    public TrackConfig(MediaKind kind, CodecId codec, ReadOnlyMemory<byte> extradata)
    {
        Kind = kind;
        Codec = codec;
        Extradata = extradata.ToArray();
    }

    public MediaKind Kind { get; }
    public CodecId Codec { get; }
    /// <summary>A private copy: nobody can change it after construction.</summary>
    public ReadOnlyMemory<byte> Extradata { get; }

    public int Width { get; init; }
    public int Height { get; init; }
    public int SampleRate { get; init; }
    public int Channels { get; init; }

    /// <summary>Same codec and same decoder configuration bytes: a player needs no new header.</summary>
    public bool IsEquivalentTo(TrackConfig? other) =>
        other is not null && other.Codec == Codec && other.Extradata.Span.SequenceEqual(Extradata.Span);

    public override string ToString() => Kind == MediaKind.Video
        ? $"{Codec.Name()} {Width}x{Height}"
        : $"{Codec.Name()} {SampleRate}Hz {Channels}ch";
}
