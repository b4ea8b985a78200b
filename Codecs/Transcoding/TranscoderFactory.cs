using InteropGateway.Codecs.Media;

namespace InteropGateway.Codecs.Transcoding;

/// <summary>Makes the transcoder of a branch: one source track config to one target codec.</summary>
public static class TranscoderFactory
{
    public static bool CanConvert(CodecId from, CodecId to) => (from.Kind(), to.Kind()) switch
    {
        (MediaKind.Audio, MediaKind.Audio) => AudioTranscoder.CanConvert(from, to),
        (MediaKind.Video, MediaKind.Video) => VideoTranscoder.CanConvert(from, to),
        _ => false,
    };

    public static ITrackTranscoder Create(TrackConfig source, CodecId target, TranscodeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(settings);
        return (source.Kind, target.Kind()) switch
        {
            (MediaKind.Audio, MediaKind.Audio) => new AudioTranscoder(source, target, settings),
            (MediaKind.Video, MediaKind.Video) => new VideoTranscoder(source, target, settings),
            _ => throw new NotSupportedException($"cannot convert {source.Kind} {source.Codec.Name()} to {target.Name()}"),
        };
    }
}
