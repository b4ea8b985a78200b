using InteropGateway.Codecs.Media;
using InteropGateway.Codecs.Transcoding;

namespace InteropGateway.Tests.Codecs;

/// <summary>Bad and changing input: corrupt frames, timestamp jumps and gaps, new source configs.</summary>
public sealed class AudioTranscoderInputTests
{
    /// <summary>Bytes every audio decoder here rejects as invalid data.</summary>
    private static readonly byte[] Garbage = Enumerable.Range(0, 200).Select(i => (byte)(i * 37 + 11)).ToArray();

    [Theory]
    [InlineData(CodecId.Aac, CodecId.Opus)]
    [InlineData(CodecId.Opus, CodecId.Aac)]
    [InlineData(CodecId.Mp2, CodecId.Opus)]
    public void A_corrupt_frame_is_counted_and_skipped_and_the_next_good_frame_decodes(CodecId from, CodecId to)
    {
        var source = TestAudioSource.Encode(from, 48_000, 2, 1);
        using var transcoder = TranscoderFactory.Create(source.Track, to, new TranscodeSettings());
        var sink = new CollectingSink();
        const int corruptIndex = 20;
        for (var i = 0; i < source.Frames.Count; i++)
        {
            var original = source.Frames[i];
            var frame = i == corruptIndex
                ? MediaFrame.Copy(source.Track, Garbage, original.Pts, original.Pts, true)
                : source.Rent(i);
            var before = sink.Frames.Count;
            transcoder.Transcode(frame, sink);
            frame.Release();
            if (i == corruptIndex)
            {
                Assert.Equal(1, transcoder.Stats.CorruptFrames);
                Assert.Contains("Invalid data", transcoder.Stats.LastError);
            }
        }
        Assert.Equal(1, transcoder.Stats.CorruptFrames);
        Assert.Equal(source.Frames.Count, transcoder.Stats.FramesIn);

        // Decoding continued after the bad frame, and the lost frame became silence, so the
        // output still lasts as long as the input (within one output frame plus one lost frame).
        var frameTicks = (long)Timebase.TicksPerSecond * (to == CodecId.Opus ? 960 : 1024) / 48_000;
        var last = sink.Frames[^1];
        var expectedEnd = source.Frames[^1].Pts + (long)source.FrameSize * Timebase.TicksPerSecond / source.SampleRate;
        Assert.InRange(last.Pts + frameTicks, expectedEnd - 2 * frameTicks, expectedEnd + frameTicks);
    }

    [Fact]
    public void An_empty_payload_counts_as_corrupt_instead_of_flushing_the_decoder()
    {
        var source = TestAudioSource.Encode(CodecId.Aac, 48_000, 2, 0.2);
        using var transcoder = TranscoderFactory.Create(source.Track, CodecId.Mp2, new TranscodeSettings());
        var sink = new CollectingSink();
        var empty = MediaFrame.Copy(source.Track, ReadOnlySpan<byte>.Empty, 0, 0, true);
        transcoder.Transcode(empty, sink);
        empty.Release();
        AudioTranscoderRoundTripTests.Transcode(transcoder, source, flush: false);
        Assert.Equal(1, transcoder.Stats.CorruptFrames);
        Assert.True(transcoder.Stats.FramesOut > 0);
    }

    [Fact]
    public void A_broken_AudioSpecificConfig_makes_frames_corrupt_until_a_good_config_arrives()
    {
        var source = TestAudioSource.Encode(CodecId.Aac, 48_000, 2, 0.5);
        var broken = new TrackConfig(MediaKind.Audio, CodecId.Aac, new byte[] { 0xF8 }) { SampleRate = 48_000, Channels = 2 };
        using var transcoder = TranscoderFactory.Create(broken, CodecId.Opus, new TranscodeSettings());
        var sink = new CollectingSink();
        for (var i = 0; i < source.Frames.Count; i++)
        {
            var frame = source.Rent(i, i < 5 ? broken : source.Track);
            transcoder.Transcode(frame, sink);
            frame.Release();
        }
        Assert.Equal(5, transcoder.Stats.CorruptFrames);
        Assert.NotNull(transcoder.Stats.LastError);
        Assert.NotEmpty(sink.Frames);
    }

    [Fact]
    public void A_new_source_config_reopens_the_decoder_and_keeps_the_output_config_instance()
    {
        var first = TestAudioSource.Encode(CodecId.Aac, 48_000, 2, 0.5);
        // A republish at another rate and layout, continuing the timeline.
        var second = TestAudioSource.Encode(CodecId.Aac, 44_100, 1, 0.5, startPts: first.Frames[^1].Pts + 1920);
        Assert.False(first.Track.IsEquivalentTo(second.Track));
        using var transcoder = TranscoderFactory.Create(first.Track, CodecId.Opus, new TranscodeSettings());
        var sink = AudioTranscoderRoundTripTests.Transcode(transcoder, first, flush: false);
        var output = transcoder.OutputTrack;
        var more = AudioTranscoderRoundTripTests.Transcode(transcoder, second, flush: false);

        Assert.Equal(0, transcoder.Stats.CorruptFrames);
        Assert.NotEmpty(more.Frames);
        Assert.All(more.Frames, f => Assert.Same(output, f.Track));
        // Timestamps run on without a jump across the switch.
        var expectedEnd = second.Frames[^1].Pts;
        Assert.InRange(more.Frames[^1].Pts, expectedEnd - 2 * 1800, expectedEnd + 1800);
    }

    [Fact]
    public void An_equal_config_in_a_new_instance_keeps_decoding_seamlessly()
    {
        var source = TestAudioSource.Encode(CodecId.Aac, 48_000, 2, 0.5);
        var copy = new TrackConfig(MediaKind.Audio, CodecId.Aac, source.Track.Extradata) { SampleRate = 48_000, Channels = 2 };
        using var reference = TranscoderFactory.Create(source.Track, CodecId.Mp2, new TranscodeSettings());
        var expected = AudioTranscoderRoundTripTests.Transcode(reference, source, flush: false);
        using var transcoder = TranscoderFactory.Create(source.Track, CodecId.Mp2, new TranscodeSettings());
        var sink = new CollectingSink();
        for (var i = 0; i < source.Frames.Count; i++)
        {
            var frame = source.Rent(i, i % 2 == 0 ? source.Track : copy);
            transcoder.Transcode(frame, sink);
            frame.Release();
        }
        // A reopened decoder would have lost its state and changed the output.
        Assert.Equal(0, transcoder.Stats.CorruptFrames);
        Assert.Equal(expected.Frames.Select(f => (f.Pts, Convert.ToHexString(f.Payload))),
            sink.Frames.Select(f => (f.Pts, Convert.ToHexString(f.Payload))));
    }

    [Fact]
    public void A_jump_in_input_timestamps_reanchors_the_output_clock()
    {
        var source = TestAudioSource.Encode(CodecId.Aac, 48_000, 2, 2);
        const int jumpAt = 40;
        var jump = Timebase.FromSeconds(10);
        using var transcoder = new AudioTranscoder(source.Track, CodecId.Opus, new TranscodeSettings());
        var sink = new CollectingSink();
        for (var i = 0; i < source.Frames.Count; i++)
        {
            var pts = source.Frames[i].Pts + (i >= jumpAt ? jump : 0);
            var frame = MediaFrame.Copy(source.Track, source.Frames[i].Payload, pts, pts, true);
            transcoder.Transcode(frame, sink);
            frame.Release();
        }
        Assert.Equal(1, transcoder.Reanchors);
        for (var i = 1; i < sink.Frames.Count; i++)
            Assert.True(sink.Frames[i].Pts > sink.Frames[i - 1].Pts);
        // After the jump the output follows the new timeline.
        var expectedEnd = source.Frames[^1].Pts + jump;
        Assert.InRange(sink.Frames[^1].Pts, expectedEnd - 2 * 1800, expectedEnd + 1800);
    }

    [Fact]
    public void Small_gaps_become_silence_and_do_not_reanchor()
    {
        var source = TestAudioSource.Encode(CodecId.Aac, 48_000, 2, 2);
        using var transcoder = new AudioTranscoder(source.Track, CodecId.Opus, new TranscodeSettings());
        var sink = new CollectingSink();
        for (var i = 0; i < source.Frames.Count; i++)
        {
            if (i % 10 == 5)
                continue; // lost in transit
            var frame = source.Rent(i);
            transcoder.Transcode(frame, sink);
            frame.Release();
        }
        Assert.Equal(0, transcoder.Reanchors);
        var expectedEnd = source.Frames[^1].Pts;
        Assert.InRange(sink.Frames[^1].Pts, expectedEnd - 2 * 1800, expectedEnd + 1800);
    }

    [Fact]
    public void Flush_then_more_input_continues_with_the_same_output_config()
    {
        var source = TestAudioSource.Encode(CodecId.Opus, 48_000, 2, 0.5);
        using var transcoder = TranscoderFactory.Create(source.Track, CodecId.Aac, new TranscodeSettings());
        var first = AudioTranscoderRoundTripTests.Transcode(transcoder, source);
        var output = transcoder.OutputTrack;
        var second = AudioTranscoderRoundTripTests.Transcode(transcoder, source);
        Assert.Same(output, transcoder.OutputTrack);
        Assert.Equal(first.Frames.Count, second.Frames.Count);
        Assert.Equal(source.Frames[0].Pts, second.Frames[0].Pts); // re-anchored on the new input
    }
}
