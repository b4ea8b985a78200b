using InteropGateway.Codecs.Media;
using InteropGateway.Codecs.Native;

namespace InteropGateway.Codecs.Transcoding;

/// <summary>
/// The encoding half of an audio transcoder: resample decoded frames to the encoder's format, queue
/// them in a FIFO, feed the encoder exactly <see cref="Encoder.FrameSize"/> samples at a time, and
/// wrap each packet in a <see cref="MediaFrame"/> stamped by the <see cref="AudioTimeline"/>.
/// Every native object is allocated once; per frame nothing managed is allocated but the output
/// MediaFrame (pooled).
/// </summary>
internal sealed class AudioEncodePipeline : IDisposable
{
    private readonly AudioEncoderChoice _choice;
    private readonly Encoder _encoder;
    private readonly AudioFifo _fifo;
    private readonly AvFrame _encoderInput = new();
    private readonly AvFrame _silence = new();
    private readonly AvPacket _packet = new();
    private readonly AudioTimeline _timeline;
    private readonly TranscodeStats _stats;
    private AudioResampler? _resampler;
    private int _silenceCapacity;
    private long _samplesSent;

    private AudioEncodePipeline(AudioEncoderChoice choice, Encoder encoder, AudioTimeline timeline, TranscodeStats stats, TrackConfig? previousOutput)
    {
        _choice = choice;
        _encoder = encoder;
        _timeline = timeline;
        _stats = stats;
        // Opus and AAC have a fixed frame size; fall back to 20 ms for an encoder that takes any.
        FrameSize = encoder.FrameSize > 0 ? encoder.FrameSize : encoder.SampleRate / 50;
        _fifo = new AudioFifo(choice.SampleFormat, choice.Channels, FrameSize * 4);
        _encoderInput.AllocateAudio(choice.SampleFormat, choice.Channels, choice.SampleRate, FrameSize);
        timeline.SampleRate = encoder.SampleRate;
        OutputTrack = ReuseIfUnchanged(previousOutput, MakeOutputTrack(choice, encoder));
    }

    /// <summary>The config of every frame produced; one instance while it does not change.</summary>
    public TrackConfig OutputTrack { get; }

    public int FrameSize { get; }

    public static AudioEncodePipeline Open(AudioEncoderChoice choice, AudioTimeline timeline, TranscodeStats stats, TrackConfig? previousOutput)
    {
        // Global header: the AudioSpecificConfig goes to extradata (FLV/MP4 want it out of band)
        // instead of nowhere; libopus always provides its OpusHead there.
        var settings = EncoderSettings.Audio(choice.SampleRate, choice.Channels, choice.SampleFormat, choice.BitRate) with { GlobalHeader = true };
        var encoder = Encoder.Open(choice.EncoderName, settings, choice.Options);
        try
        {
            return new AudioEncodePipeline(choice, encoder, timeline, stats, previousOutput);
        }
        catch
        {
            encoder.Dispose();
            throw;
        }
    }

    /// <summary>Resamples and queues one decoded frame, and outputs every packet that becomes ready.</summary>
    public void Push(AvFrame decoded, IFrameSink sink)
    {
        if (_resampler is null || !_resampler.Accepts(decoded))
        {
            // A new source format (decoder reopened, HE-AAC switching): samples swr still held are dropped.
            _resampler?.Dispose();
            _resampler = AudioResampler.Create(decoded, _choice.SampleFormat, _choice.SampleRate, _choice.Channels);
        }
        _resampler.Convert(decoded);
        Queue(_resampler.Output);
        EncodeFullFrames(sink);
    }

    /// <summary>Queues <paramref name="samples"/> samples of silence (filling a gap in the input).</summary>
    public void InsertSilence(int samples, IFrameSink sink)
    {
        if (samples <= 0)
            return;
        if (samples > _silenceCapacity)
        {
            _silenceCapacity = Math.Max(samples, FrameSize);
            _silence.AllocateAudio(_choice.SampleFormat, _choice.Channels, _choice.SampleRate, _silenceCapacity);
            _silence.SetSilence(0, _silenceCapacity);
        }
        _silence.SampleCount = samples;
        Queue(_silence);
        EncodeFullFrames(sink);
    }

    /// <summary>Encodes what is left (the last frame padded with silence) and drains the encoder. Ends the pipeline.</summary>
    public void Flush(IFrameSink sink)
    {
        if (_resampler is not null && _resampler.Convert(null) > 0)
            Queue(_resampler.Output);
        EncodeFullFrames(sink);
        var remainder = _fifo.Count;
        if (remainder > 0)
            InsertSilence(FrameSize - remainder, sink);
        _encoder.Send(null);
        DrainEncoder(sink);
    }

    public void Dispose()
    {
        _resampler?.Dispose();
        _encoder.Dispose();
        _fifo.Dispose();
        _encoderInput.Dispose();
        _silence.Dispose();
        _packet.Dispose();
    }

    private void Queue(AvFrame samples)
    {
        _fifo.Write(samples);
        _timeline.OnProduced(samples.SampleCount);
    }

    private void EncodeFullFrames(IFrameSink sink)
    {
        while (_fifo.Count >= FrameSize)
        {
            // The encoder may still reference the buffers of the previous frame sent.
            _encoderInput.MakeWritable();
            _fifo.Read(_encoderInput, FrameSize);
            _encoderInput.SampleCount = FrameSize;
            _encoderInput.Pts = _samplesSent; // encoder time base is 1/sample rate
            _samplesSent += FrameSize;
            _encoder.Send(_encoderInput);
            DrainEncoder(sink);
        }
    }

    private void DrainEncoder(IFrameSink sink)
    {
        while (_encoder.TryReceive(_packet))
        {
            var samples = _packet.Duration > 0 ? _packet.Duration : FrameSize;
            var pts = _timeline.NextOutputPts(samples);
            sink.Accept(MediaFrame.Copy(OutputTrack, _packet.Data, pts, pts, isKeyframe: true));
            _stats.CountOut();
        }
    }

    private static TrackConfig MakeOutputTrack(AudioEncoderChoice choice, Encoder encoder)
    {
        // AAC: the AudioSpecificConfig; Opus: libopus' OpusHead; MP2 frames are self-describing.
        var extradata = choice.Codec == CodecId.Mp2 ? ReadOnlyMemory<byte>.Empty : encoder.Extradata;
        return new TrackConfig(MediaKind.Audio, choice.Codec, extradata)
        {
            SampleRate = encoder.SampleRate,
            Channels = choice.Channels,
        };
    }

    /// <summary>Egresses detect a config change by reference: keep the old instance when nothing changed.</summary>
    private static TrackConfig ReuseIfUnchanged(TrackConfig? previous, TrackConfig current) =>
        previous is not null && previous.IsEquivalentTo(current)
            && previous.SampleRate == current.SampleRate && previous.Channels == current.Channels
            ? previous
            : current;
}
