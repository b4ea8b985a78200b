using InteropGateway.Codecs.Media;
using InteropGateway.Codecs.Native;
using InteropGateway.Codecs.Transcoding;

namespace InteropGateway.Tests.Codecs;

/// <summary>The managed API of the FFmpeg binding against the real libraries.</summary>
public sealed class BindingTests
{
    [Fact]
    public void Unknown_codec_names_and_options_fail_with_the_operation_named()
    {
        var unknownCodec = Assert.Throws<FFmpegException>(() => Decoder.Open("no-such-codec"));
        Assert.Equal("avcodec_find_decoder_by_name", unknownCodec.Operation);
        Assert.Contains("no-such-codec", unknownCodec.Message);

        var unknownOption = Assert.Throws<FFmpegException>(() =>
            Encoder.Open("libopus", EncoderSettings.Audio(48_000, 2, SampleFormat.Flt, 64_000),
                new Dictionary<string, string> { ["no_such_option"] = "1" }));
        Assert.Contains("no_such_option", unknownOption.Message);

        // A parameter the encoder refuses: the av_strerror text and the operation.
        var refused = Assert.Throws<FFmpegException>(() =>
            Encoder.Open("mp2", EncoderSettings.Audio(48_000, 2, SampleFormat.S16, 123_456)));
        Assert.Equal("avcodec_open2(mp2)", refused.Operation);
        Assert.Contains("Invalid argument", refused.Message);
    }

    [Fact]
    public void Decoder_reports_corrupt_input_as_a_result_and_stays_usable()
    {
        var source = TestAudioSource.Encode(CodecId.Mp2, 48_000, 2, 0.1);
        using var decoder = Decoder.Open("mp2");
        using var frame = new AvFrame();

        var garbage = decoder.Send(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, 0, 0, true);
        Assert.True(garbage.IsError);
        Assert.Equal(AvError.InvalidData, garbage.Code);
        Assert.Contains("Invalid data", garbage.Describe());
        Assert.True(decoder.Send(default, 0, 0, true).IsError); // empty is not a flush

        Assert.True(decoder.Send(source.Frames[0].Payload, 1234, 1234, true).IsSuccess);
        Assert.True(decoder.TryReceive(frame));
        Assert.Equal(1152, frame.SampleCount);
        Assert.Equal(2, frame.Channels);
        Assert.Equal(48_000, frame.SampleRate);
        Assert.Equal(1234, frame.Pts);
        Assert.False(decoder.TryReceive(frame));
        Assert.True(decoder.SendEndOfStream().IsSuccess);
        Assert.True(decoder.Receive(frame).IsEndOfStream);
    }

    [Fact]
    public void Aac_encoder_with_global_header_exposes_its_AudioSpecificConfig()
    {
        using var encoder = Encoder.Open("aac", EncoderSettings.Audio(44_100, 1, SampleFormat.FltP, 96_000) with { GlobalHeader = true });
        Assert.Equal(1024, encoder.FrameSize);
        Assert.Equal(new Rational(1, 44_100), encoder.TimeBase);
        Assert.Equal(SampleFormat.FltP, encoder.SampleFormat);
        Assert.True(InteropGateway.Codecs.Bitstream.AudioSpecificConfig.TryParse(encoder.Extradata, out var asc));
        Assert.Equal((44_100, 1), (asc.SampleRate, asc.Channels));
    }

    [Fact]
    public void Requesting_a_keyframe_makes_the_next_encoded_picture_a_keyframe()
    {
        var settings = new EncoderSettings
        {
            Width = 64, Height = 48, PixelFormat = PixelFormat.Yuv420P, TimeBase = new Rational(1, 25),
            FrameRate = new Rational(25, 1), GopSize = 250, MaxBFrames = 0, BitRate = 200_000,
        };
        using var encoder = Encoder.Open("mpeg1video", settings);
        using var picture = new AvFrame();
        using var packet = new AvPacket();
        picture.AllocateVideo(PixelFormat.Yuv420P, 64, 48);
        var keyframes = new List<long>();
        for (var i = 0; i < 10; i++)
        {
            picture.MakeWritable();
            picture.Plane(0, picture.LineSize(0) * 48).Fill(100); // a still picture: nothing but the request makes an I frame
            picture.Plane(1, picture.LineSize(1) * 24).Fill(128);
            picture.Plane(2, picture.LineSize(2) * 24).Fill(128);
            picture.Pts = i;
            if (i == 6)
                encoder.RequestKeyframe();
            encoder.Send(picture);
            while (encoder.TryReceive(packet))
            {
                if (packet.IsKeyframe)
                    keyframes.Add(packet.Pts);
            }
        }
        encoder.Send(null);
        while (encoder.TryReceive(packet))
        {
            if (packet.IsKeyframe)
                keyframes.Add(packet.Pts);
        }
        Assert.Equal([0L, 6L], keyframes);
    }

    [Fact]
    public void Video_scaler_converts_size()
    {
        using var scaler = VideoScaler.Create(64, 48, PixelFormat.Yuv420P, 32, 24, PixelFormat.Yuv420P);
        using var source = new AvFrame();
        using var destination = new AvFrame();
        source.AllocateVideo(PixelFormat.Yuv420P, 64, 48);
        source.Plane(0, source.LineSize(0) * 48).Fill(200);
        source.Plane(1, source.LineSize(1) * 24).Fill(128);
        source.Plane(2, source.LineSize(2) * 24).Fill(128);
        destination.AllocateVideo(PixelFormat.Yuv420P, 32, 24);
        Assert.True(scaler.Accepts(source));
        scaler.Scale(source, destination);
        Assert.Equal((32, 24), (destination.Width, destination.Height));
        Assert.All(destination.Plane(0, 32).ToArray(), b => Assert.Equal(200, b));
    }

    [Fact]
    public void Thread_cpu_clock_advances_with_work()
    {
        var start = ThreadCpuClock.Now();
        var spin = 0.0;
        for (var i = 0; i < 5_000_000; i++)
            spin += Math.Sqrt(i);
        Assert.True(spin > 0);
        Assert.True(ThreadCpuClock.Now() - start > TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public void Steady_state_transcoding_allocates_no_managed_memory_per_frame()
    {
        var source = TestAudioSource.Encode(CodecId.Aac, 44_100, 2, 5);
        using var transcoder = TranscoderFactory.Create(source.Track, CodecId.Opus, new TranscodeSettings());
        var sink = new ReleasingSink();
        var frames = Enumerable.Range(0, source.Frames.Count).Select(i => source.Rent(i)).ToArray();
        for (var i = 0; i < 20; i++)
            transcoder.Transcode(frames[i], sink); // warm-up: open codecs, fill pools

        // Five batches, the least allocating one counts: an allocation per frame shows in every batch
        // (24 bytes x 30 frames at the least), a one-off does not (the shared ArrayPool lazily creates a
        // partition when the thread first runs on another core). With three, a loaded CI run once found
        // 256 bytes in each: one-offs, since a per-frame allocation would be 864 bytes or more.
        const int Batches = 5;
        var batchSize = (frames.Length - 20) / Batches;
        var allocated = long.MaxValue;
        for (var batch = 0; batch < Batches; batch++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 20 + batch * batchSize; i < 20 + (batch + 1) * batchSize; i++)
                transcoder.Transcode(frames[i], sink);
            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        foreach (var frame in frames)
            frame.Release();
        Assert.True(sink.Count > 100);
        Assert.True(batchSize >= 30, $"only {batchSize} frames per batch");
        Assert.True(allocated < 256, $"{allocated} bytes allocated for {batchSize} frames in the least allocating batch");
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
}
