using InteropGateway.Codecs.Media;
using InteropGateway.Codecs.Native;

namespace InteropGateway.Codecs.Transcoding;

/// <summary>
/// The encoding half of a video branch: takes decoded pictures (PTS in 90 kHz ticks), converts and
/// encodes them, and hands canonical frames of the target codec to the sink.
/// </summary>
internal abstract class VideoEncoderStage : IDisposable
{
    private int _keyframeRequested;

    protected VideoEncoderStage(TranscodeStats stats) => Stats = stats;

    protected TranscodeStats Stats { get; }
    protected AvPacket Packet { get; } = new();
    /// <summary>The open encoder; null before the first picture and after a flush.</summary>
    protected Encoder? Encoder { get; set; }

    /// <summary>The config of the frames produced; null until the encoder opened.</summary>
    public abstract TrackConfig? Track { get; }

    /// <summary>Encodes one decoded picture. It belongs to the decoder: not kept after the call.</summary>
    public abstract void Encode(AvFrame picture, IFrameSink sink);

    /// <summary>Drains the encoder; the next <see cref="Encode"/> starts a new encoder.</summary>
    public void Flush(IFrameSink sink)
    {
        if (Encoder is null)
            return;
        Encoder.Send(null);
        Drain(sink);
        Encoder.Dispose();
        Encoder = null;
    }

    /// <summary>Hands every packet the encoder has ready to the sink, as canonical frames.</summary>
    protected abstract void Drain(IFrameSink sink);

    /// <summary>The next picture sent is encoded as a keyframe. Safe from any thread.</summary>
    public void RequestKeyframe() => Volatile.Write(ref _keyframeRequested, 1);

    /// <summary>Consumes a pending <see cref="RequestKeyframe"/>, on the encoding thread.</summary>
    protected bool TakeKeyframeRequest() => Interlocked.Exchange(ref _keyframeRequested, 0) == 1;

    protected void Deliver(MediaFrame frame, IFrameSink sink)
    {
        Stats.CountOut();
        sink.Accept(frame);
    }

    public virtual void Dispose()
    {
        Encoder?.Dispose();
        Packet.Dispose();
    }
}
