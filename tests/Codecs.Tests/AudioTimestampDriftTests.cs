using InteropGateway.Codecs.Media;
using InteropGateway.Codecs.Transcoding;

namespace InteropGateway.Tests.Codecs;

/// <summary>Output timestamps come from sample counts: no drift however long the stream.</summary>
public sealed class AudioTimestampDriftTests
{
    [Fact]
    public void After_ten_minutes_output_duration_equals_input_duration_within_one_frame()
    {
        // 44.1 kHz AAC frames last 23.2199... ms: their 90 kHz timestamps are rounded every frame,
        // and 44.1 -> 48 kHz resampling is not an integer ratio, so any accumulation would show.
        const int rate = 44_100;
        // One real minute of FFmpeg-encoded AAC, played ten times with continuous timestamps.
        var source = TestAudioSource.Loop(TestAudioSource.Encode(CodecId.Aac, rate, 2, 60), 10);
        using var transcoder = TranscoderFactory.Create(source.Track, CodecId.Opus, new TranscodeSettings());
        var sink = new CollectingSink();
        for (var i = 0; i < source.Frames.Count; i++)
        {
            var frame = source.Rent(i);
            transcoder.Transcode(frame, sink);
            frame.Release();
        }
        const long opusFrameTicks = 960 * 90_000 / 48_000; // 20 ms
        var inputDuration = source.DurationTicks;
        Assert.InRange(inputDuration, Timebase.FromSeconds(599.9), Timebase.FromSeconds(600.1));

        var outputSamples = sink.Frames.Sum(f => (long)OpusPacket.Samples48k(f.Payload));
        var outputDuration = outputSamples * Timebase.TicksPerSecond / 48_000;
        Assert.InRange(outputDuration, inputDuration - opusFrameTicks, inputDuration + opusFrameTicks);

        // The last PTS: where the sample count puts it, and where the input's last frame was.
        Assert.Equal(source.Frames[0].Pts, sink.Frames[0].Pts);
        Assert.Equal(source.Frames[0].Pts + outputDuration - opusFrameTicks, sink.Frames[^1].Pts);
        Assert.InRange(sink.Frames[^1].Pts, source.Frames[^1].Pts - opusFrameTicks, source.Frames[^1].Pts + opusFrameTicks);

        transcoder.Flush(sink);
        var flushedSamples = sink.Frames.Sum(f => (long)OpusPacket.Samples48k(f.Payload));
        Assert.InRange(flushedSamples * Timebase.TicksPerSecond / 48_000, inputDuration, inputDuration + 2 * opusFrameTicks);
        Assert.Equal(0, transcoder.Stats.CorruptFrames);
    }
}
