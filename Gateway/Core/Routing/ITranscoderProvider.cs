using InteropGateway.Codecs.Media;
using InteropGateway.Codecs.Native;
using InteropGateway.Codecs.Transcoding;
using Microsoft.Extensions.Logging;

namespace InteropGateway.Core.Routing;

/// <summary>Makes the transcoders branches run; the FFmpeg-backed one in production.</summary>
public interface ITranscoderProvider
{
    bool CanConvert(CodecId from, CodecId to);

    /// <summary>Opens a transcoder for frames of <paramref name="source"/>; throws with the reason when it can't.</summary>
    ITrackTranscoder Create(TrackConfig source, CodecId target, TranscodeSettings settings);
}

/// <summary>Transcoders from <see cref="TranscoderFactory"/> (FFmpeg through Codecs/Native).</summary>
public sealed class FfmpegTranscoderProvider : ITranscoderProvider
{
    public FfmpegTranscoderProvider(ILogger<FfmpegTranscoderProvider>? logger = null)
    {
        logger?.LogInformation("FFmpeg transcoders: {Versions}", FFmpegLibrary.Versions);
    }

    public bool CanConvert(CodecId from, CodecId to) => TranscoderFactory.CanConvert(from, to);

    public ITrackTranscoder Create(TrackConfig source, CodecId target, TranscodeSettings settings) =>
        TranscoderFactory.Create(source, target, settings);
}
