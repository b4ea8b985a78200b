using InteropGateway.Codecs.Bitstream;
using InteropGateway.Codecs.Media;
using InteropGateway.Codecs.Transcoding;

namespace InteropGateway.Tests.Codecs;

/// <summary>
/// Video branches end to end with the real FFmpeg libraries: input made by real encoders, output
/// judged by the ffmpeg/ffprobe CLI (DESIGN §4: decodes with nothing on stderr, expected codec,
/// size and frame count).
/// </summary>
public class VideoTranscoderTests
{
    private static VideoFrameCollector Transcode(ITrackTranscoder transcoder, IEnumerable<MediaFrame> input)
    {
        var output = new VideoFrameCollector();
        foreach (var frame in input)
            transcoder.Transcode(frame, output);
        transcoder.Flush(output);
        return output;
    }

    [Fact]
    public void H264_to_mpeg1_is_scaled_to_the_configured_size_and_decodes_cleanly()
    {
        using var input = VideoTestSources.H264(320, 240, 60, firstPts: 450_000);
        using var transcoder = new VideoTranscoder(CodecId.H264, CodecId.Mpeg1Video,
            new TranscodeSettings { Mpeg1Width = 352, Mpeg1Height = 288, Mpeg1Fps = 30, KeyframeIntervalSeconds = 1 });
        using var output = Transcode(transcoder, input.Frames);

        Assert.Equal(60, output.Frames.Count);
        Assert.Equal(0, transcoder.Stats.CorruptFrames);
        Assert.Equal(60, transcoder.Stats.FramesIn);
        Assert.Equal(60, transcoder.Stats.FramesOut);
        Assert.True(transcoder.Stats.CpuTime > TimeSpan.Zero);
        var track = transcoder.OutputTrack!;
        Assert.Equal((CodecId.Mpeg1Video, 352, 288), (track.Codec, track.Width, track.Height));
        Assert.All(output.Frames, f => Assert.Same(track, f.Track));

        // Same timeline as the source (A/V sync): first PTS kept, one 30 fps step apart.
        Assert.Equal(Enumerable.Range(0, 60).Select(i => 450_000 + i * 3000L), output.Frames.Select(f => f.Pts));
        Assert.True(output.Frames[0].IsKeyframe);
        Assert.Equal(2, output.Frames.Count(f => f.IsKeyframe)); // GOP of 1 s at 30 fps

        using var dir = VideoCli.TempDirectory();
        var m1v = dir.File("out.m1v");
        VideoFiles.WriteElementary(m1v, output.Frames);
        VideoCli.AssertDecodesCleanly(m1v);
        Assert.Equal(("mpeg1video", 352, 288, 60), VideoCli.ProbeVideo(m1v));
    }

    [Fact]
    public void H264_at_25_fps_becomes_mpeg1_at_30_fps_by_repeating_pictures()
    {
        using var input = VideoTestSources.H264(320, 240, 50, ptsStep: 3600); // 2 s at 25 fps
        using var transcoder = new VideoTranscoder(CodecId.H264, CodecId.Mpeg1Video, new TranscodeSettings { Mpeg1Fps = 30 });
        using var output = Transcode(transcoder, input.Frames);

        // Slots 0..59 (the last picture, at 1.96 s, lands on slot 59).
        Assert.Equal(Enumerable.Range(0, 60).Select(i => i * 3000L), output.Frames.Select(f => f.Pts));
        Assert.Equal((320, 240), (transcoder.OutputTrack!.Width, transcoder.OutputTrack.Height));

        using var dir = VideoCli.TempDirectory();
        var m1v = dir.File("out.m1v");
        VideoFiles.WriteElementary(m1v, output.Frames);
        VideoCli.AssertDecodesCleanly(m1v);
        Assert.Equal(("mpeg1video", 320, 240, 60), VideoCli.ProbeVideo(m1v));
    }

    [Fact]
    public void H264_with_b_frames_comes_out_in_presentation_order()
    {
        using var input = VideoTestSources.H264WithBFrames(320, 240, 60);
        Assert.Contains(input.Frames, f => f.Dts < f.Pts); // really reordered
        using var transcoder = new VideoTranscoder(CodecId.H264, CodecId.Mpeg1Video, new TranscodeSettings { Mpeg1Fps = 30 });
        using var output = Transcode(transcoder, input.Frames);

        Assert.Equal(0, transcoder.Stats.CorruptFrames);
        Assert.Equal(Enumerable.Range(0, 60).Select(i => i * 3000L), output.Frames.Select(f => f.Pts));
        using var dir = VideoCli.TempDirectory();
        var m1v = dir.File("out.m1v");
        VideoFiles.WriteElementary(m1v, output.Frames);
        VideoCli.AssertDecodesCleanly(m1v);
    }

    [Fact]
    public void Mpeg1_to_h264_keeps_timestamps_and_decodes_cleanly_with_only_the_avcC()
    {
        using var input = VideoTestSources.Mpeg1(320, 240, 50);
        using var transcoder = new VideoTranscoder(CodecId.Mpeg1Video, CodecId.H264, new TranscodeSettings { H264Preset = "ultrafast" });
        using var output = Transcode(transcoder, input.Frames);

        Assert.Equal(50, output.Frames.Count);
        Assert.Equal(input.Frames.Select(f => f.Pts), output.Frames.Select(f => f.Pts));
        Assert.All(output.Frames, f => Assert.Equal(f.Pts, f.Dts)); // zerolatency: no reordering
        AssertH264DecodesCleanly(transcoder.OutputTrack!, output.Frames, 320, 240, 50);
    }

    [Fact]
    public void Vp8_to_h264_decodes_cleanly()
    {
        using var input = VideoTestSources.Vp8(320, 240, 45);
        Assert.True(input.Frames[0].IsKeyframe);
        using var transcoder = new VideoTranscoder(CodecId.Vp8, CodecId.H264, new TranscodeSettings { H264Preset = "ultrafast" });
        using var output = Transcode(transcoder, input.Frames);

        Assert.Equal(45, output.Frames.Count);
        Assert.Equal(0, transcoder.Stats.CorruptFrames);
        AssertH264DecodesCleanly(transcoder.OutputTrack!, output.Frames, 320, 240, 45);
    }

    [Fact]
    public void H265_to_h264_decodes_cleanly()
    {
        using var input = VideoTestSources.H265(320, 240, 30);
        Assert.Equal(30, input.Frames.Count);
        using var transcoder = new VideoTranscoder(CodecId.H265, CodecId.H264, new TranscodeSettings { H264Preset = "ultrafast" });
        using var output = Transcode(transcoder, input.Frames);

        Assert.Equal(0, transcoder.Stats.CorruptFrames);
        Assert.Equal(input.Frames.Select(f => f.Pts), output.Frames.Select(f => f.Pts));
        AssertH264DecodesCleanly(transcoder.OutputTrack!, output.Frames, 320, 240, 30);
    }

    [Fact]
    public void Keyframes_come_at_the_configured_interval_of_presentation_time()
    {
        using var input = VideoTestSources.Mpeg1(320, 240, 100); // 4 s at 25 fps
        using var transcoder = new VideoTranscoder(CodecId.Mpeg1Video, CodecId.H264,
            new TranscodeSettings { H264Preset = "ultrafast", KeyframeIntervalSeconds = 1 });
        using var output = Transcode(transcoder, input.Frames);
        var keyframes = output.Frames.Where(f => f.IsKeyframe).Select(f => f.Pts).ToArray();
        Assert.Equal([0L, 90_000, 180_000, 270_000], keyframes);
    }

    [Fact]
    public void Requested_keyframe_makes_the_next_output_an_idr()
    {
        using var input = VideoTestSources.Vp8(320, 240, 30);
        using var transcoder = new VideoTranscoder(CodecId.Vp8, CodecId.H264,
            new TranscodeSettings { H264Preset = "ultrafast", KeyframeIntervalSeconds = 60 });
        using var output = new VideoFrameCollector();
        for (var i = 0; i < 30; i++)
        {
            if (i == 17)
                transcoder.RequestKeyframe();
            var before = output.Frames.Count;
            transcoder.Transcode(input.Frames[i], output);
            Assert.Equal(before + 1, output.Frames.Count); // zerolatency: one in, one out
        }

        var idrs = output.Frames.Select((f, i) => (Frame: f, Index: i)).Where(x => VideoFiles.IsIdr(x.Frame)).Select(x => x.Index);
        Assert.Equal([0, 17], idrs);
        Assert.True(output.Frames[17].IsKeyframe);
        Assert.False(output.Frames[16].IsKeyframe);
    }

    [Fact]
    public void Corrupt_access_units_are_counted_and_skipped()
    {
        using var h264 = VideoTestSources.H264(320, 240, 30);
        using var vp8 = VideoTestSources.Vp8(320, 240, 30);
        var random = new Random(42);
        foreach (var (source, codec) in new[] { (h264, CodecId.H264), (vp8, CodecId.Vp8) })
        {
            using var transcoder = new VideoTranscoder(codec, CodecId.Mpeg1Video, new TranscodeSettings());
            using var output = new VideoFrameCollector();
            for (var i = 0; i < 30; i++)
            {
                if (i == 10)
                {
                    var junk = new byte[500];
                    random.NextBytes(junk);
                    var corrupt = MediaFrame.Copy(source.Frames[i].Track, junk, source.Frames[i].Dts, source.Frames[i].Pts, false);
                    transcoder.Transcode(corrupt, output);
                    corrupt.Release();
                }
                transcoder.Transcode(source.Frames[i], output);
            }
            transcoder.Flush(output);

            Assert.Equal(1, transcoder.Stats.CorruptFrames);
            Assert.Equal(31, transcoder.Stats.FramesIn);
            Assert.Equal(30, output.Frames.Count);
            Assert.Equal(29 * 3000, output.Frames[^1].Pts);
        }
    }

    [Fact]
    public void Unusable_decoder_config_counts_frames_as_corrupt_without_throwing()
    {
        var junkTrack = new TrackConfig(MediaKind.Video, CodecId.H264, new byte[] { 9, 9, 9 });
        using var transcoder = new VideoTranscoder(CodecId.H264, CodecId.Mpeg1Video, new TranscodeSettings());
        using var output = new VideoFrameCollector();
        var frame = MediaFrame.Copy(junkTrack, new byte[] { 0, 0, 0, 1, 0x65 }, 0, 0, true);
        transcoder.Transcode(frame, output);
        transcoder.Transcode(frame, output);
        frame.Release();
        transcoder.Flush(output);
        Assert.Equal(2, transcoder.Stats.CorruptFrames);
        Assert.Empty(output.Frames);
        Assert.Null(transcoder.OutputTrack);
    }

    [Fact]
    public void New_source_config_reopens_the_decoder_and_output_continues()
    {
        using var first = VideoTestSources.H264(320, 240, 30);
        using var second = VideoTestSources.H264(640, 360, 30, firstPts: 30 * 3000);
        Assert.NotEqual(first.Frames[0].Track.Extradata.ToArray(), second.Frames[0].Track.Extradata.ToArray());
        using var transcoder = new VideoTranscoder(CodecId.H264, CodecId.Mpeg1Video, new TranscodeSettings { Mpeg1Width = 320, Mpeg1Height = 240 });
        using var output = Transcode(transcoder, first.Frames.Concat(second.Frames));

        Assert.Equal(60, output.Frames.Count);
        Assert.Equal(0, transcoder.Stats.CorruptFrames);
        using var dir = VideoCli.TempDirectory();
        var m1v = dir.File("out.m1v");
        VideoFiles.WriteElementary(m1v, output.Frames);
        VideoCli.AssertDecodesCleanly(m1v);
        Assert.Equal(("mpeg1video", 320, 240, 60), VideoCli.ProbeVideo(m1v));
    }

    [Fact]
    public void Source_size_change_gives_a_new_h264_track()
    {
        using var small = VideoTestSources.Mpeg1(320, 240, 25);
        using var large = VideoTestSources.Mpeg1(480, 272, 25);
        foreach (var frame in large.Frames)
        {
            frame.Pts += 90_000;
            frame.Dts += 90_000;
        }
        using var transcoder = new VideoTranscoder(CodecId.Mpeg1Video, CodecId.H264, new TranscodeSettings { H264Preset = "ultrafast" });
        using var output = Transcode(transcoder, small.Frames.Concat(large.Frames));

        var tracks = output.Frames.Select(f => f.Track).Distinct().ToArray();
        Assert.Equal(2, tracks.Length);
        Assert.Equal((480, 272), (tracks[1].Width, tracks[1].Height));
        var firstOfLarge = output.Frames.First(f => f.Track == tracks[1]);
        Assert.True(firstOfLarge.IsKeyframe && VideoFiles.IsIdr(firstOfLarge));
        Assert.Equal(50, output.Frames.Count);
    }

    [Fact]
    public void Steady_state_allocates_next_to_nothing_per_frame()
    {
        using var input = VideoTestSources.Mpeg1(320, 240, 300);
        using var transcoder = new VideoTranscoder(CodecId.Mpeg1Video, CodecId.H264, new TranscodeSettings { H264Preset = "ultrafast" });
        var sink = new ReleasingSink();
        for (var i = 0; i < 200; i++)
            transcoder.Transcode(input.Frames[i], sink); // opens codecs, warms pools and the JIT's tiers
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 200; i < 300; i++)
            transcoder.Transcode(input.Frames[i], sink);
        var perFrame = (GC.GetAllocatedBytesForCurrentThread() - before) / 100.0;
        Assert.True(perFrame < 16, $"{perFrame:F0} bytes allocated per frame");
        Assert.Equal(299, sink.Count); // the MPEG-1 decoder holds one picture back until it sees the next
    }

    private sealed class ReleasingSink : IFrameSink
    {
        public int Count;

        public void Accept(MediaFrame frame)
        {
            Count++;
            frame.Release();
        }
    }

    [Fact]
    public void Supported_pairs()
    {
        Assert.True(VideoTranscoder.CanConvert(CodecId.H264, CodecId.Mpeg1Video));
        Assert.True(VideoTranscoder.CanConvert(CodecId.Mpeg1Video, CodecId.H264));
        Assert.True(VideoTranscoder.CanConvert(CodecId.Vp8, CodecId.H264));
        Assert.True(VideoTranscoder.CanConvert(CodecId.H265, CodecId.H264));
        Assert.True(VideoTranscoder.CanConvert(CodecId.H264, CodecId.H264)); // re-encode without B-frames
        Assert.False(VideoTranscoder.CanConvert(CodecId.Mpeg1Video, CodecId.Mpeg1Video));
        Assert.False(VideoTranscoder.CanConvert(CodecId.H264, CodecId.Vp8));
        Assert.False(VideoTranscoder.CanConvert(CodecId.Aac, CodecId.H264));

        Assert.True(TranscoderFactory.CanConvert(CodecId.Vp8, CodecId.H264));
        var track = new TrackConfig(MediaKind.Video, CodecId.Vp8, ReadOnlyMemory<byte>.Empty);
        using var transcoder = TranscoderFactory.Create(track, CodecId.H264, new TranscodeSettings());
        Assert.IsType<VideoTranscoder>(transcoder);
        Assert.Equal((CodecId.Vp8, CodecId.H264), (transcoder.Source, transcoder.Target));
    }

    /// <summary>Canonical H264: avcC extradata, AVCC frames without in-band parameter sets, keyframes are IDRs.</summary>
    /// <summary>Canonical H264 out (avcC + AVCC) that the ffmpeg CLI decodes cleanly as the expected pictures.</summary>
    private static void AssertH264DecodesCleanly(TrackConfig track, List<MediaFrame> frames, int width, int height, int count)
    {
        AssertCanonicalH264(track, frames, width, height);
        using var dir = VideoCli.TempDirectory();
        var h264 = dir.File("out.h264");
        VideoFiles.WriteAnnexB(h264, frames);
        VideoCli.AssertDecodesCleanly(h264);
        Assert.Equal(("h264", width, height, count), VideoCli.ProbeVideo(h264));
    }

    private static void AssertCanonicalH264(TrackConfig track, List<MediaFrame> frames, int width, int height)
    {
        Assert.Equal((CodecId.H264, width, height), (track.Codec, track.Width, track.Height));
        Assert.True(AvcDecoderConfigurationRecord.TryParse(track.Extradata, out var avcC));
        Assert.Equal(4, avcC.NalLengthSize);
        Assert.True(H264SequenceParameterSet.TryParse(avcC.SequenceParameterSets[0].Span, out var sps));
        Assert.Equal((width, height), (sps.Width, sps.Height));
        Assert.True(frames[0].IsKeyframe);
        foreach (var frame in frames)
        {
            Assert.Same(track, frame.Track);
            Assert.Equal(frame.IsKeyframe, VideoFiles.IsIdr(frame));
            var nals = new AvccNalEnumerator(frame.Payload.Span);
            while (nals.MoveNext())
                Assert.False(H264NalUnit.IsParameterSetOrDelimiter(H264NalUnit.TypeOf(nals.Current)));
            Assert.False(nals.IsMalformed);
        }
    }
}
