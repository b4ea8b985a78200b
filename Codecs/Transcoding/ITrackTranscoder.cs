using InteropGateway.Codecs.Media;

namespace InteropGateway.Codecs.Transcoding;

/// <summary>
/// Converts the frames of one source track into frames of another codec (DESIGN §3 "Router and
/// branches"): decode, resample or scale, encode. One instance serves one branch; it is driven by
/// one thread at a time and may block on CPU work, so it must run off the publisher's path.
/// </summary>
public interface ITrackTranscoder : IDisposable
{
    CodecId Source { get; }
    CodecId Target { get; }

    /// <summary>The config of the frames produced; null until the encoder has been opened.</summary>
    TrackConfig? OutputTrack { get; }

    /// <summary>
    /// Feeds one source frame (the caller keeps its reference) and hands every frame that becomes
    /// ready to <paramref name="output"/>, which takes over each reference. A frame the decoder
    /// rejects is counted in <see cref="Stats"/>, logged by the caller, and skipped: the transcoder
    /// stays usable. A new source <see cref="TrackConfig"/> (new extradata) reopens the decoder.
    /// </summary>
    void Transcode(MediaFrame input, IFrameSink output);

    /// <summary>Drains what the encoder still holds (end of stream).</summary>
    void Flush(IFrameSink output);

    /// <summary>The next picture out is a keyframe (IDR); a no-op for audio. Safe from any thread.</summary>
    void RequestKeyframe();

    TranscodeStats Stats { get; }
}

/// <summary>Receives transcoder output; takes over the frame's reference.</summary>
public interface IFrameSink
{
    void Accept(MediaFrame frame);
}
