using InteropGateway.Codecs.Media;
using InteropGateway.Codecs.Native;

namespace InteropGateway.Codecs.Transcoding;

/// <summary>
/// Decodes one source video track and re-encodes it for another codec: H264, H265, VP8 or MPEG-1
/// in; H264 (libx264, for RTMP/WebRTC/CDN sinks) or MPEG-1 (for H5/JSMpeg) out. A corrupt access
/// unit is counted in <see cref="Stats"/> and skipped; the branch goes on (a decoder may show
/// damage until the next keyframe). CPU time of the calling thread is charged to <see cref="Stats"/>.
/// </summary>
public sealed class VideoTranscoder : ITrackTranscoder
{
    private readonly VideoSourceDecoder _decoder;
    private readonly VideoEncoderStage _encoder;
    private readonly AvFrame _picture = new();

    /// <summary>A branch for <paramref name="source"/>; later frames may bring newer configs of the same codec.</summary>
    public VideoTranscoder(TrackConfig source, CodecId target, TranscodeSettings settings)
        : this(source.Codec, target, settings)
    {
    }

    public VideoTranscoder(CodecId source, CodecId target, TranscodeSettings settings)
    {
        if (!CanConvert(source, target))
            throw new NotSupportedException($"no video transcoding from {source.Name()} to {target.Name()}");
        Source = source;
        Target = target;
        _decoder = new VideoSourceDecoder(source);
        _encoder = target == CodecId.H264
            ? new VideoH264EncoderStage(settings, Stats)
            : new VideoMpeg1EncoderStage(settings, Stats);
    }

    /// <summary>Whether this class converts <paramref name="source"/> video into <paramref name="target"/>.</summary>
    /// <remarks>H264 to H264 is a re-encode without B-frames, for sinks that can't reorder pictures.</remarks>
    public static bool CanConvert(CodecId source, CodecId target) =>
        (source != target || target == CodecId.H264) && VideoCodecNames.Decoder(source) is not null && VideoCodecNames.Encoder(target) is not null;

    public CodecId Source { get; }
    public CodecId Target { get; }
    public TrackConfig? OutputTrack => _encoder.Track;
    public TranscodeStats Stats { get; } = new();

    public void Transcode(MediaFrame input, IFrameSink output)
    {
        var started = ThreadCpuClock.Now();
        try
        {
            Stats.CountIn();
            if (input.Codec != Source)
            {
                Stats.CountCorrupt();
                return;
            }
            if (_decoder.NeedsReopen(input))
            {
                DrainDecoder(output);
                _decoder.Open(input.Track);
            }
            var outcome = _decoder.Send(input);
            var receivedCleanly = outcome != VideoDecodeOutcome.Sent || ReceivePictures(output);
            if (outcome == VideoDecodeOutcome.Corrupt || !receivedCleanly)
                Stats.CountCorrupt();
        }
        finally
        {
            Stats.AddCpu(ThreadCpuClock.Now() - started);
        }
    }

    public void Flush(IFrameSink output)
    {
        var started = ThreadCpuClock.Now();
        try
        {
            DrainDecoder(output);
            _decoder.Close();
            _encoder.Flush(output);
        }
        finally
        {
            Stats.AddCpu(ThreadCpuClock.Now() - started);
        }
    }

    public void RequestKeyframe() => _encoder.RequestKeyframe();

    /// <summary>Encodes every picture the decoder has ready; false when the decoder reported bad data.</summary>
    private bool ReceivePictures(IFrameSink output)
    {
        while (true)
        {
            var result = _decoder.Receive(_picture);
            if (result.IsSuccess)
            {
                _encoder.Encode(_picture, output);
                continue;
            }
            return !result.IsError;
        }
    }

    /// <summary>Takes the last pictures out of the current decoder before it is replaced or the stream ends.</summary>
    private void DrainDecoder(IFrameSink output)
    {
        _decoder.SendEndOfStream();
        ReceivePictures(output);
    }

    public void Dispose()
    {
        _decoder.Dispose();
        _encoder.Dispose();
        _picture.Dispose();
    }
}
