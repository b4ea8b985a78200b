using InteropGateway.Codecs.Synthetic;

namespace InteropGateway.Tests.Codecs;

public class SyntheticToneTests
{
    private const int Rate = 48_000;

    [Fact]
    public void Beeps_1_kHz_for_the_first_100_ms_of_each_second_and_is_silent_otherwise()
    {
        var tone = new ToneGenerator(Rate, 1);
        var second = new float[Rate];
        tone.Generate(second);

        var beep = second.AsSpan(0, Rate / 10);
        var rest = second.AsSpan(Rate / 10);
        Assert.All(rest.ToArray(), s => Assert.Equal(0f, s));
        Assert.InRange(Peak(beep), 0.49f, 0.5f);
        // 1 kHz over the steady 90 ms between the fades: about 180 zero crossings.
        Assert.InRange(ZeroCrossings(beep[(Rate / 200)..(Rate / 10 - Rate / 200)]), 176, 182);
        // Fade-in: the first millisecond stays well below full level.
        Assert.True(Peak(beep[..48]) < 0.2f);
    }

    [Fact]
    public void Interleaved_channels_carry_the_same_samples_as_mono()
    {
        var mono = new float[1000];
        new ToneGenerator(Rate, 1).Generate(mono);
        var stereo = new float[2000];
        new ToneGenerator(Rate, 2).WriteInterleaved(stereo);
        var s16 = new short[2000];
        new ToneGenerator(Rate, 2).WriteInterleaved(s16);
        for (var i = 0; i < mono.Length; i++)
        {
            Assert.Equal(mono[i], stereo[2 * i]);
            Assert.Equal(mono[i], stereo[2 * i + 1]);
            Assert.Equal((short)Math.Round(mono[i] * short.MaxValue), s16[2 * i + 1]);
        }
        Assert.Throws<ArgumentException>(() => new ToneGenerator(Rate, 2).WriteInterleaved(new float[3]));
    }

    [Fact]
    public void Samples_depend_only_on_position_so_seeking_is_seamless()
    {
        var continuous = new ToneGenerator(Rate, 1, steadyAmplitude: 0.1f);
        var whole = new float[3000];
        continuous.Generate(whole);

        var jumping = new ToneGenerator(Rate, 1, steadyAmplitude: 0.1f);
        var tail = new float[1000];
        jumping.Position = 2000;
        jumping.Generate(tail);
        Assert.Equal(whole.AsSpan(2000).ToArray(), tail);
        Assert.Equal(3000, jumping.Position);
    }

    [Fact]
    public void Beeps_line_up_with_the_time_of_day_when_seeked_there()
    {
        var tone = new ToneGenerator(Rate, 1);
        tone.Seek(new TimeSpan(13, 45, 7) + TimeSpan.FromMilliseconds(950));
        var buffer = new float[Rate / 10];
        tone.Generate(buffer); // 13:45:07.95 .. 13:45:08.05: silent then beeping at 08.000
        Assert.All(buffer.AsSpan(0, Rate / 20).ToArray(), s => Assert.Equal(0f, s));
        Assert.True(Peak(buffer.AsSpan(Rate / 20)) > 0.3f);
    }

    [Fact]
    public void Generating_allocates_nothing()
    {
        var tone = new ToneGenerator(Rate, 2);
        var planar = new float[1024];
        var interleaved = new float[2048];
        tone.Generate(planar);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            tone.Generate(planar);
            tone.WriteInterleaved(interleaved);
        }
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    private static float Peak(ReadOnlySpan<float> samples)
    {
        var peak = 0f;
        foreach (var s in samples)
            peak = Math.Max(peak, Math.Abs(s));
        return peak;
    }

    private static int ZeroCrossings(ReadOnlySpan<float> samples)
    {
        var count = 0;
        for (var i = 1; i < samples.Length; i++)
            if (samples[i - 1] < 0 != samples[i] < 0)
                count++;
        return count;
    }
}
