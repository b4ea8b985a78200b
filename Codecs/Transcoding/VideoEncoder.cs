using InteropGateway.Codecs.Media;
using InteropGateway.Codecs.Native;

namespace InteropGateway.Codecs.Transcoding;

/// <summary>
/// Encodes raw pictures into a canonical video track, with the same encoder setup the video
/// branches use: H264 via libx264 (zerolatency, avcC extradata, AVCC frames) or MPEG-1 (standard
/// frame rate grid). For in-process sources such as the demo stream and for tests.
/// </summary>
public sealed class VideoEncoder : IDisposable
{
    private readonly VideoEncoderStage _stage;

    public VideoEncoder(CodecId target, TranscodeSettings settings)
    {
        Target = target;
        _stage = target switch
        {
            CodecId.H264 => new VideoH264EncoderStage(settings, Stats),
            CodecId.Mpeg1Video => new VideoMpeg1EncoderStage(settings, Stats),
            _ => throw new NotSupportedException($"no video encoder for {target.Name()}"),
        };
    }

    public CodecId Target { get; }

    /// <summary>The config of the frames produced; set once the first picture opened the encoder.</summary>
    public TrackConfig? Track => _stage.Track;

    /// <summary>Frames out and CPU time (FramesIn and CorruptFrames stay 0).</summary>
    public TranscodeStats Stats { get; } = new();

    /// <summary>
    /// Encodes one picture whose <see cref="AvFrame.Pts"/> is in 90 kHz ticks and hands every frame
    /// that becomes ready to <paramref name="output"/>. Any size or pixel format; the frame is not kept
    /// (the encoder holds its own reference, so call <see cref="AvFrame.MakeWritable"/> before redrawing it).
    /// </summary>
    public void Encode(AvFrame picture, IFrameSink output)
    {
        var started = ThreadCpuClock.Now();
        try
        {
            _stage.Encode(picture, output);
        }
        finally
        {
            Stats.AddCpu(ThreadCpuClock.Now() - started);
        }
    }

    /// <summary>Drains the encoder (end of stream).</summary>
    public void Flush(IFrameSink output) => _stage.Flush(output);

    /// <summary>The next picture is encoded as a keyframe. Safe from any thread.</summary>
    public void RequestKeyframe() => _stage.RequestKeyframe();

    public void Dispose() => _stage.Dispose();
}
