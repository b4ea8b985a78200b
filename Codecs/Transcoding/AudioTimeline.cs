using InteropGateway.Codecs.Media;

namespace InteropGateway.Codecs.Transcoding;

/// <summary>
/// Output timestamps of an audio transcoder, derived from sample counts so they never drift.
///
/// The output sample clock is anchored at the first decoded input frame: output sample n is at
/// <c>anchor + n / rate</c> (exact integer arithmetic, no accumulated rounding), so after any
/// duration the output and input timelines agree to within a frame. Each packet's PTS is the count
/// of samples output before it. Encoder priming is not subtracted: the first packet carries the
/// anchor PTS and the audio plays one encoder delay (about 6.5 ms Opus, 21 ms AAC) late, which keeps
/// timestamps non-negative and is well below lip-sync tolerance.
///
/// Each decoded input frame is compared with where the sample count says it should be:
/// <list type="bullet">
/// <item>more than <see cref="ReanchorThreshold"/> (500 ms) away either way is a real jump in the
/// source (publisher restart, timestamp reset, long outage): the clock is re-anchored so that this
/// frame's first sample gets its own PTS. Samples still queued before it are placed just before
/// it, so the output stays contiguous.</item>
/// <item>ahead by at least <see cref="SilenceThreshold"/> (a lost or corrupt frame, a short
/// outage): the caller inserts that much silence so later audio stays in sync with video.</item>
/// <item>anything smaller is timestamp jitter (millisecond rounding) and is ignored.</item>
/// </list>
/// </summary>
internal sealed class AudioTimeline
{
    public static readonly long ReanchorThreshold = Timebase.FromMilliseconds(500);
    public static readonly long SilenceThreshold = Timebase.FromMilliseconds(10);

    private bool _anchored;
    private long _anchorTicks;
    private long _anchorSample;

    /// <summary>Output sample rate; set when the encoder is opened.</summary>
    public int SampleRate { get; set; }

    /// <summary>Output-rate samples handed to the encoder queue so far (decoded, resampled and silence).</summary>
    public long ProducedSamples { get; private set; }

    /// <summary>Samples of the encoded packets output so far.</summary>
    public long EmittedSamples { get; private set; }

    /// <summary>How many times a jump in the input moved the anchor.</summary>
    public int Reanchors { get; private set; }

    /// <summary>
    /// Places a decoded input frame starting at <paramref name="pts"/> on the output clock. Returns the
    /// number of output samples of silence to insert before it (0 unless input went missing).
    /// </summary>
    public int OnInput(long pts)
    {
        if (!_anchored)
        {
            Anchor(pts);
            return 0;
        }
        var ahead = pts - ToTicks(ProducedSamples - _anchorSample) - _anchorTicks;
        if (Math.Abs(ahead) > ReanchorThreshold)
        {
            Anchor(pts);
            Reanchors++;
            return 0;
        }
        return ahead >= SilenceThreshold && SampleRate > 0 ? (int)(ahead * SampleRate / Timebase.TicksPerSecond) : 0;
    }

    public void OnProduced(int samples) => ProducedSamples += samples;

    /// <summary>The PTS of a packet of <paramref name="samples"/> samples about to be output.</summary>
    public long NextOutputPts(long samples)
    {
        var pts = _anchorTicks + ToTicks(EmittedSamples - _anchorSample);
        EmittedSamples += samples;
        return pts;
    }

    /// <summary>Forgets everything (after end of stream): the next input anchors a fresh clock.</summary>
    public void Reset()
    {
        _anchored = false;
        ProducedSamples = 0;
        EmittedSamples = 0;
        _anchorSample = 0;
    }

    private void Anchor(long pts)
    {
        _anchored = true;
        _anchorTicks = pts;
        _anchorSample = ProducedSamples;
    }

    /// <summary>Samples to 90 kHz ticks, rounding toward negative infinity so PTS never reorder.</summary>
    private long ToTicks(long samples)
    {
        if (SampleRate <= 0)
            return 0;
        var scaled = samples * Timebase.TicksPerSecond;
        var ticks = scaled / SampleRate;
        return scaled % SampleRate < 0 ? ticks - 1 : ticks;
    }
}
