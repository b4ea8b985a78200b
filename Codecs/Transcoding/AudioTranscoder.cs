using InteropGateway.Codecs.Media;
using InteropGateway.Codecs.Native;

namespace InteropGateway.Codecs.Transcoding;

/// <summary>
/// Converts one audio track between AAC, Opus and MP2: decode (reopened when the source config
/// changes), resample, re-frame, encode. Corrupt source frames are counted and skipped; timestamps
/// follow the sample count (see <see cref="AudioTimeline"/>).
/// </summary>
public sealed class AudioTranscoder : ITrackTranscoder
{
    private readonly TranscodeSettings _settings;
    private readonly AudioTimeline _timeline = new();
    private readonly AvFrame _decoded = new();
    private TrackConfig? _sourceTrack;
    private Decoder? _decoder;
    private string? _decoderOpenError;
    private AudioEncodePipeline? _pipeline;
    private TrackConfig? _lastOutputTrack;
    private int _lastErrorCode;
    private string? _lastErrorText;

    public AudioTranscoder(TrackConfig source, CodecId target, TranscodeSettings settings)
    {
        if (!CanConvert(source.Codec, target))
            throw new NotSupportedException($"audio transcoding {source.Codec.Name()} -> {target.Name()} is not supported");
        Source = source.Codec;
        Target = target;
        _settings = settings;
    }

    public CodecId Source { get; }
    public CodecId Target { get; }
    public TrackConfig? OutputTrack => _pipeline?.OutputTrack ?? _lastOutputTrack;
    public TranscodeStats Stats { get; } = new();

    /// <summary>How many times a jump in the source timestamps re-anchored the output clock.</summary>
    public int Reanchors => _timeline.Reanchors;

    public static bool CanConvert(CodecId from, CodecId to) =>
        from != to && AudioSourceDecoder.IsSupportedSource(from) && AudioEncoderChoice.IsSupportedTarget(to);

    public void Transcode(MediaFrame input, IFrameSink output)
    {
        var started = ThreadCpuClock.Now();
        Stats.CountIn();
        try
        {
            Decode(input, output);
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
            if (_decoder is not null)
            {
                _decoder.SendEndOfStream();
                DrainDecoder(output);
                _decoder.Reset(); // out of draining mode: a continuing publisher can send again
            }
            if (_pipeline is not null)
            {
                _pipeline.Flush(output);
                _lastOutputTrack = _pipeline.OutputTrack;
                _pipeline.Dispose();
                _pipeline = null; // the next frame reopens the encoder (same OutputTrack if nothing changed)
            }
            _timeline.Reset();
        }
        finally
        {
            Stats.AddCpu(ThreadCpuClock.Now() - started);
        }
    }

    /// <summary>No-op: every audio frame is a keyframe.</summary>
    public void RequestKeyframe() { }

    public void Dispose()
    {
        _decoder?.Dispose();
        _pipeline?.Dispose();
        _decoded.Dispose();
    }

    private void Decode(MediaFrame input, IFrameSink output)
    {
        if (!ReferenceEquals(input.Track, _sourceTrack))
            SwitchSource(input.Track);
        if (_decoder is null)
        {
            Stats.CountCorrupt(_decoderOpenError ?? "no decoder");
            return;
        }
        var sent = _decoder.Send(input.Payload.Span, input.Pts, input.Dts, input.IsKeyframe);
        if (sent.IsAgain)
        {
            // Not expected from audio decoders, but the contract allows it: make room and retry.
            DrainDecoder(output);
            sent = _decoder.Send(input.Payload.Span, input.Pts, input.Dts, input.IsKeyframe);
        }
        if (sent.IsError)
        {
            CountCorrupt(sent);
            return;
        }
        var silence = _timeline.OnInput(input.Pts);
        _pipeline?.InsertSilence(Math.Min(silence, MaxSilenceSamples), output);
        DrainDecoder(output);
    }

    private void DrainDecoder(IFrameSink output)
    {
        while (true)
        {
            var received = _decoder!.Receive(_decoded);
            if (!received.IsSuccess)
            {
                if (received.IsError)
                    CountCorrupt(received);
                return;
            }
            if (_decoded.SampleCount == 0)
                continue;
            _pipeline ??= AudioEncodePipeline.Open(
                AudioEncoderChoice.For(Target, _decoded.SampleRate, _decoded.Channels, _settings), _timeline, Stats, _lastOutputTrack);
            _pipeline.Push(_decoded, output);
        }
    }

    private void SwitchSource(TrackConfig track)
    {
        var previous = _sourceTrack;
        _sourceTrack = track;
        if (_decoder is not null && track.IsEquivalentTo(previous))
            return; // a new instance with the same bytes: the decoder is still right
        _decoder?.Dispose();
        _decoder = null;
        try
        {
            _decoder = AudioSourceDecoder.Open(track);
            _decoderOpenError = null;
        }
        catch (Exception e) when (e is FFmpegException or NotSupportedException)
        {
            // A bad config (e.g. a truncated AudioSpecificConfig) makes every frame of it undecodable.
            _decoderOpenError = $"{track.Codec.Name()} decoder: {e.Message}";
        }
    }

    private void CountCorrupt(AvResult result)
    {
        // Corrupt frames tend to come in bursts with the same error: reuse the text.
        if (result.Code != _lastErrorCode || _lastErrorText is null)
        {
            _lastErrorCode = result.Code;
            _lastErrorText = $"{_decoder?.CodecName} decode: {result.Describe()}";
        }
        Stats.CountCorrupt(_lastErrorText);
    }

    // Gaps longer than this re-anchor the clock instead (AudioTimeline.ReanchorThreshold), so this
    // only bounds a rounding corner case.
    private int MaxSilenceSamples => (int)(_timeline.SampleRate * AudioTimeline.ReanchorThreshold / Timebase.TicksPerSecond);
}
