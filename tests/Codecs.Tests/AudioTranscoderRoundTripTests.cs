using InteropGateway.Codecs.Bitstream;
using InteropGateway.Codecs.Media;
using InteropGateway.Codecs.Native;
using InteropGateway.Codecs.Transcoding;

namespace InteropGateway.Tests.Codecs;

/// <summary>
/// Every audio pair end to end with real FFmpeg: encode a source, transcode it, write the output in
/// a container ffmpeg reads (ADTS, Ogg Opus, raw MP2), and let <c>ffmpeg -v error</c> decode it:
/// no complaint, and the expected duration.
/// </summary>
public sealed class AudioTranscoderRoundTripTests
{
    private const double Seconds = 3;

    public static TheoryData<CodecId, CodecId> Pairs => new()
    {
        { CodecId.Aac, CodecId.Opus },
        { CodecId.Opus, CodecId.Aac },
        { CodecId.Aac, CodecId.Mp2 },
        { CodecId.Opus, CodecId.Mp2 },
        { CodecId.Mp2, CodecId.Aac },
        { CodecId.Mp2, CodecId.Opus },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Output_decodes_cleanly_with_the_ffmpeg_cli_and_lasts_as_long_as_the_input(CodecId from, CodecId to)
    {
        var source = TestAudioSource.Encode(from, 48_000, 2, Seconds);
        using var transcoder = TranscoderFactory.Create(source.Track, to, new TranscodeSettings());
        var sink = new CollectingSink();
        for (var i = 0; i < source.Frames.Count; i++)
        {
            var frame = source.Rent(i);
            transcoder.Transcode(frame, sink);
            frame.Release();
        }
        transcoder.Flush(sink);

        Assert.Equal(source.Frames.Count, transcoder.Stats.FramesIn);
        Assert.Equal(sink.Frames.Count, transcoder.Stats.FramesOut);
        Assert.Equal(0, transcoder.Stats.CorruptFrames);
        Assert.True(transcoder.Stats.CpuTime > TimeSpan.Zero);
        var output = Assert.IsType<TrackConfig>(transcoder.OutputTrack);
        Assert.All(sink.Frames, f => Assert.Same(output, f.Track));
        Assert.All(sink.Frames, f => Assert.True(f.IsKeyframe && f.Pts == f.Dts));
        Assert.Equal(source.Frames[0].Pts, sink.Frames[0].Pts);
        for (var i = 1; i < sink.Frames.Count; i++)
            Assert.True(sink.Frames[i].Pts > sink.Frames[i - 1].Pts);

        var path = Path.Combine(Path.GetTempPath(), $"transcode-{from}-{to}-{Guid.NewGuid():N}.{Extension(to)}");
        try
        {
            WriteFile(path, output, sink.Frames.Select(f => f.Payload).ToList());
            var (exitCode, errors, seconds) = FFmpegCli.Decode(path);
            Assert.Equal(0, exitCode);
            Assert.Equal("", errors);
            // Encoder priming and the padded last frame add at most a few tens of milliseconds.
            Assert.InRange(seconds, Seconds - 0.03, Seconds + 0.1);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Opus_output_also_decodes_with_ffmpegs_own_opus_decoder_through_the_binding()
    {
        var source = TestAudioSource.Encode(CodecId.Aac, 44_100, 2, 1);
        using var transcoder = TranscoderFactory.Create(source.Track, CodecId.Opus, new TranscodeSettings());
        var sink = Transcode(transcoder, source);
        using var decoder = Decoder.Open("opus", transcoder.OutputTrack!.Extradata.Span);
        using var frame = new AvFrame();
        long samples = 0;
        foreach (var packet in sink.Frames)
        {
            Assert.True(decoder.Send(packet.Payload, packet.Pts, packet.Dts, true).IsSuccess);
            while (decoder.TryReceive(frame))
            {
                Assert.Equal(48_000, frame.SampleRate);
                Assert.Equal(2, frame.Channels);
                samples += frame.SampleCount;
            }
        }
        // FFmpeg's decoder drops the OpusHead pre-skip (the encoder's priming) from the output.
        Assert.True(OpusHead.TryParse(transcoder.OutputTrack.Extradata.Span, out var head));
        Assert.Equal(sink.Frames.Count * 960L - head.PreSkip, samples);
    }

    [Fact]
    public void Aac_output_config_is_an_AudioSpecificConfig_of_the_source_rate_and_channels()
    {
        var source = TestAudioSource.Encode(CodecId.Mp2, 44_100, 1, 0.5);
        using var transcoder = TranscoderFactory.Create(source.Track, CodecId.Aac, new TranscodeSettings());
        Transcode(transcoder, source);
        var output = transcoder.OutputTrack!;
        Assert.True(AudioSpecificConfig.TryParse(output.Extradata.Span, out var asc));
        Assert.Equal(2, asc.ObjectType); // AAC-LC
        Assert.Equal(44_100, asc.SampleRate);
        Assert.Equal(1, asc.Channels);
        Assert.Equal((CodecId.Aac, 44_100, 1), (output.Codec, output.SampleRate, output.Channels));
    }

    [Fact]
    public void Opus_output_config_is_an_OpusHead_at_48_kHz()
    {
        var source = TestAudioSource.Encode(CodecId.Aac, 22_050, 2, 0.5);
        using var transcoder = TranscoderFactory.Create(source.Track, CodecId.Opus, new TranscodeSettings());
        Transcode(transcoder, source);
        var output = transcoder.OutputTrack!;
        Assert.True(output.Extradata.Span.StartsWith("OpusHead"u8));
        Assert.True(OpusHead.TryParse(output.Extradata.Span, out var head));
        Assert.Equal(2, head.Channels);
        Assert.Equal(48_000, head.InputSampleRate);
        Assert.Equal((CodecId.Opus, 48_000, 2), (output.Codec, output.SampleRate, output.Channels));
    }

    [Theory]
    [InlineData(48_000, 48_000)]
    [InlineData(44_100, 44_100)]
    [InlineData(22_050, 22_050)] // MPEG-2 LSF
    [InlineData(11_025, 44_100)] // not an MP2 rate
    public void Mp2_output_keeps_an_allowed_source_rate_and_has_no_extradata(int sourceRate, int expectedRate)
    {
        var source = TestAudioSource.Encode(CodecId.Aac, sourceRate, 2, 0.3);
        using var transcoder = TranscoderFactory.Create(source.Track, CodecId.Mp2, new TranscodeSettings());
        var sink = Transcode(transcoder, source);
        Assert.True(transcoder.OutputTrack!.Extradata.IsEmpty);
        Assert.Equal(expectedRate, transcoder.OutputTrack.SampleRate);
        Assert.NotEmpty(sink.Frames);
    }

    [Fact]
    public void More_than_two_channels_are_downmixed_to_stereo()
    {
        var source = TestAudioSource.Encode(CodecId.Aac, 48_000, 6, 0.3);
        using var transcoder = TranscoderFactory.Create(source.Track, CodecId.Opus, new TranscodeSettings());
        Transcode(transcoder, source);
        Assert.Equal(2, transcoder.OutputTrack!.Channels);
    }

    [Fact]
    public void Opus_source_without_an_OpusHead_is_decoded_as_48_kHz_stereo()
    {
        var source = TestAudioSource.Encode(CodecId.Opus, 48_000, 2, 0.5, opusHead: false);
        Assert.True(source.Track.Extradata.IsEmpty);
        using var transcoder = TranscoderFactory.Create(source.Track, CodecId.Aac, new TranscodeSettings());
        var sink = Transcode(transcoder, source);
        Assert.Equal(0, transcoder.Stats.CorruptFrames);
        Assert.Equal((48_000, 2), (transcoder.OutputTrack!.SampleRate, transcoder.OutputTrack.Channels));
        Assert.InRange(sink.Frames.Count, 0.5 * 48_000 / 1024 - 1, 0.5 * 48_000 / 1024 + 3);
    }

    internal static CollectingSink Transcode(ITrackTranscoder transcoder, EncodedAudio source, bool flush = true)
    {
        var sink = new CollectingSink();
        for (var i = 0; i < source.Frames.Count; i++)
        {
            var frame = source.Rent(i);
            transcoder.Transcode(frame, sink);
            frame.Release();
        }
        if (flush)
            transcoder.Flush(sink);
        return sink;
    }

    private static string Extension(CodecId codec) => codec switch
    {
        CodecId.Aac => "aac",
        CodecId.Opus => "opus",
        _ => "mp2",
    };

    private static void WriteFile(string path, TrackConfig track, IReadOnlyList<byte[]> payloads)
    {
        switch (track.Codec)
        {
            case CodecId.Aac:
                AdtsFile.Write(path, track.Extradata.Span, payloads);
                break;
            case CodecId.Opus:
                OggOpusFile.Write(path, track.Extradata.ToArray(), payloads);
                break;
            default:
                File.WriteAllBytes(path, payloads.SelectMany(p => p).ToArray()); // MP2 frames are self-framing
                break;
        }
    }
}
