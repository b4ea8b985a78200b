using InteropGateway.Codecs.Media;
using InteropGateway.Codecs.Native;

namespace InteropGateway.Tests.Codecs;

/// <summary>
/// Native handles are released: many open/close cycles leave the process RSS flat. Runs alone:
/// RSS is the whole process's, and transcoding tests running beside it grew it by 22 MB in a CI run.
/// </summary>
[Collection(NativeResourceCollection.Name)]
public sealed class NativeResourceTests
{
    private const int Cycles = 10_000;
    private const int WarmUpCycles = 1_000;
    private const long AllowedGrowthKb = 20 * 1024;

    [Fact]
    public void Ten_thousand_open_close_cycles_leave_RSS_flat()
    {
        var asc = TestAudioSource.Encode(CodecId.Aac, 48_000, 2, 0.05).Track.Extradata.ToArray();
        var opus = EncoderSettings.Audio(48_000, 2, SampleFormat.Flt, 96_000) with { GlobalHeader = true };

        long warmRss = 0;
        for (var cycle = 1; cycle <= Cycles; cycle++)
        {
            using (var decoder = Decoder.Open("aac", asc))
            using (var encoder = Encoder.Open("libopus", opus))
            using (var frame = new AvFrame())
            using (var packet = new AvPacket())
            using (var fifo = new AudioFifo(SampleFormat.Flt, 2))
            using (var resampler = AudioResampler.Create(2, SampleFormat.FltP, 44_100, SampleFormat.Flt, 48_000, 2))
            using (var scaler = VideoScaler.Create(64, 48, PixelFormat.Yuv420P, 32, 24, PixelFormat.Yuv420P))
            {
                frame.AllocateAudio(SampleFormat.Flt, 2, 48_000, encoder.FrameSize);
                packet.SetPayload(asc);
                Assert.Equal(960, encoder.FrameSize);
            }
            if (cycle == WarmUpCycles)
                warmRss = ResidentKb();
        }
        var finalRss = ResidentKb();
        Assert.True(finalRss - warmRss < AllowedGrowthKb,
            $"RSS grew from {warmRss} kB at cycle {WarmUpCycles} to {finalRss} kB at cycle {Cycles}");
    }

    private static long ResidentKb()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0]);
        }
        throw new InvalidOperationException("no VmRSS in /proc/self/status");
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NativeResourceCollection
{
    public const string Name = "native resources (runs alone)";
}
