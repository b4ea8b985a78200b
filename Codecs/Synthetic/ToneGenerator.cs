namespace InteropGateway.Codecs.Synthetic;

/// <summary>
/// The test sound: a sine beep (1 kHz by default) during the <see cref="SyncMarker"/> of every
/// second and an optional quieter steady tone in between. Samples are a pure function of
/// <see cref="Position"/>, so a caller that falls behind can jump ahead without a phase click and
/// the beeps stay on whole seconds of the timeline it chose (e.g. the time of day of the clock
/// drawn by <see cref="TestPatternGenerator"/>). Writes into caller buffers, allocating nothing.
/// </summary>
public sealed class ToneGenerator
{
    // Short fades keep the beep edges from clicking.
    private static readonly TimeSpan Fade = TimeSpan.FromMilliseconds(5);

    private readonly double _radiansPerSample;
    private readonly long _beepSamples;
    private readonly long _fadeSamples;

    public ToneGenerator(int sampleRate, int channels, double frequency = 1000, float beepAmplitude = 0.5f, float steadyAmplitude = 0f)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        if (frequency <= 0 || frequency >= sampleRate / 2.0)
            throw new ArgumentOutOfRangeException(nameof(frequency), frequency, "must be between 0 and the Nyquist frequency");
        SampleRate = sampleRate;
        Channels = channels;
        BeepAmplitude = beepAmplitude;
        SteadyAmplitude = steadyAmplitude;
        _radiansPerSample = 2 * Math.PI * frequency / sampleRate;
        _beepSamples = SyncMarker.Duration.Ticks * sampleRate / TimeSpan.TicksPerSecond;
        _fadeSamples = Math.Max(1, Fade.Ticks * sampleRate / TimeSpan.TicksPerSecond);
    }

    public int SampleRate { get; }
    public int Channels { get; }
    public float BeepAmplitude { get; }
    public float SteadyAmplitude { get; }

    /// <summary>Index of the next sample (per channel) on the generator's timeline; set it to jump.</summary>
    public long Position { get; set; }

    /// <summary>Moves <see cref="Position"/> to <paramref name="time"/> on the timeline.</summary>
    public void Seek(TimeSpan time) => Position = time.Ticks * SampleRate / TimeSpan.TicksPerSecond;

    /// <summary>Fills one channel's worth of samples (planar output: copy it into every plane).</summary>
    public void Generate(Span<float> mono)
    {
        for (var i = 0; i < mono.Length; i++)
            mono[i] = SampleAt(Position + i);
        Position += mono.Length;
    }

    /// <summary>Fills interleaved float samples; the length must be a multiple of <see cref="Channels"/>.</summary>
    public void WriteInterleaved(Span<float> interleaved)
    {
        var frames = FramesIn(interleaved.Length);
        for (var i = 0; i < frames; i++)
            interleaved.Slice(i * Channels, Channels).Fill(SampleAt(Position + i));
        Position += frames;
    }

    /// <summary>Fills interleaved signed 16-bit samples; the length must be a multiple of <see cref="Channels"/>.</summary>
    public void WriteInterleaved(Span<short> interleaved)
    {
        var frames = FramesIn(interleaved.Length);
        for (var i = 0; i < frames; i++)
            interleaved.Slice(i * Channels, Channels).Fill((short)Math.Round(SampleAt(Position + i) * short.MaxValue));
        Position += frames;
    }

    private int FramesIn(int length)
    {
        if (length % Channels != 0)
            throw new ArgumentException($"length {length} is not a multiple of {Channels} channels");
        return length / Channels;
    }

    private float SampleAt(long position)
    {
        var intoSecond = position % SampleRate;
        if (intoSecond < 0)
            intoSecond += SampleRate;
        var amplitude = SteadyAmplitude;
        if (intoSecond < _beepSamples)
        {
            var edge = Math.Min(intoSecond, _beepSamples - 1 - intoSecond);
            var envelope = Math.Min(1.0, (edge + 1) / (double)_fadeSamples);
            amplitude = (float)Math.Max(amplitude, BeepAmplitude * envelope);
        }
        if (amplitude == 0)
            return 0;
        // Phase from the position within the second keeps the double exact over a day-long timeline;
        // whole seconds of a 1 kHz (any integer Hz) tone are whole cycles, so it stays continuous.
        return (float)(amplitude * Math.Sin(_radiansPerSample * intoSecond));
    }
}
