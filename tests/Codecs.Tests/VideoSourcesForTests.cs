using InteropGateway.Codecs.Bitstream;
using InteropGateway.Codecs.Media;
using InteropGateway.Codecs.Native;
using InteropGateway.Codecs.Synthetic;
using InteropGateway.Codecs.Transcoding;

namespace InteropGateway.Tests.Codecs;

/// <summary>A transcoder sink that keeps the frames (with their references) for inspection.</summary>
internal sealed class VideoFrameCollector : IFrameSink, IDisposable
{
    public List<MediaFrame> Frames { get; } = [];

    public void Accept(MediaFrame frame) => Frames.Add(frame);

    public void Dispose()
    {
        Frames.ForEach(f => f.Release());
        Frames.Clear();
    }
}

/// <summary>
/// Canonical video input for transcoder tests, made by real encoders through the binding from the
/// synthetic test pattern: H264 (libx264, AVCC + avcC), MPEG-1 pictures and raw VP8 frames (libvpx).
/// </summary>
internal static class VideoTestSources
{
    /// <summary>Frame i has PTS = DTS = i * <paramref name="ptsStep"/> (90 kHz ticks).</summary>
    public static VideoFrameCollector H264(int width, int height, int count, long ptsStep = 3000, double keyframeSeconds = 2, long firstPts = 0) =>
        Encode(new VideoEncoder(CodecId.H264, new TranscodeSettings { KeyframeIntervalSeconds = keyframeSeconds, H264Preset = "ultrafast" }),
            width, height, count, ptsStep, firstPts);

    public static VideoFrameCollector Mpeg1(int width, int height, int count, int fps = 25) =>
        Encode(new VideoEncoder(CodecId.Mpeg1Video, new TranscodeSettings { Mpeg1Fps = fps, KeyframeIntervalSeconds = 1 }),
            width, height, count, 90_000 / fps, 0);

    /// <summary>
    /// H264 as OBS sends it by default: B-frames (DTS before PTS, pictures out of order), encoded with
    /// libx264 directly; PTS of picture i is i * 3000 (30 fps).
    /// </summary>
    public static VideoFrameCollector H264WithBFrames(int width, int height, int count)
    {
        var output = new VideoFrameCollector();
        using var encoder = Encoder.Open("libx264", new EncoderSettings
        {
            Width = width,
            Height = height,
            PixelFormat = PixelFormat.Yuv420P,
            TimeBase = new Rational(1, 90_000),
            FrameRate = new Rational(30, 1),
            BitRate = 1_000_000,
            GopSize = 60,
            MaxBFrames = 2,
            GlobalHeader = true,
        }, new Dictionary<string, string> { ["preset"] = "veryfast" });
        Assert.True(H264ParameterSets.TryBuildRecordFromAnnexB(encoder.Extradata, out var avcC));
        var track = new TrackConfig(MediaKind.Video, CodecId.H264, avcC) { Width = width, Height = height };
        using var packet = new AvPacket();
        ForEachPicture(width, height, count, (picture, i) =>
        {
            picture.Pts = i * 3000L;
            encoder.Send(picture);
            Drain();
        });
        encoder.Send(null);
        Drain();
        return output;

        void Drain()
        {
            while (encoder.TryReceive(packet))
            {
                var frame = MediaFrame.Rent(track, AnnexBToAvcc.MeasureConverted(packet.Data, true), packet.Dts, packet.Pts, packet.IsKeyframe);
                AnnexBToAvcc.Convert(packet.Data, frame.WritablePayload, true);
                output.Accept(frame);
                packet.Unref();
            }
        }
    }

    /// <summary>
    /// H265 in its canonical form (length-prefixed NAL units, hvcC extradata), made by the ffmpeg CLI
    /// with libx265 into an MP4 and taken apart again: the hvcC box, the sample sizes (stsz) and
    /// the samples, which ffmpeg writes back to back in mdat. No B-frames, one GOP.
    /// </summary>
    public static VideoFrameCollector H265(int width, int height, int count)
    {
        using var dir = VideoCli.TempDirectory();
        var mp4 = dir.File("hevc.mp4");
        VideoCli.Ffmpeg("-f", "lavfi", "-i", $"testsrc2=size={width}x{height}:rate=30", "-frames:v", count.ToString(),
            "-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "bframes=0:log-level=error", "-g", "600", mp4);
        var file = File.ReadAllBytes(mp4);
        var hvcC = Mp4Box(file, "hvcC");
        var stsz = Mp4Box(file, "stsz");
        var mdat = Mp4Box(file, "mdat");
        var sampleCount = (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(stsz[8..]);
        var track = new TrackConfig(MediaKind.Video, CodecId.H265, hvcC.ToArray()) { Width = width, Height = height };
        var output = new VideoFrameCollector();
        var offset = 0;
        for (var i = 0; i < sampleCount; i++)
        {
            var size = (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(stsz[(12 + 4 * i)..]);
            output.Accept(MediaFrame.Copy(track, mdat.Slice(offset, size), i * 3000L, i * 3000L, i == 0));
            offset += size;
        }
        Assert.Equal(mdat.Length, offset);
        return output;
    }

    private static ReadOnlySpan<byte> Mp4Box(byte[] file, string type)
    {
        var at = file.AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(type));
        Assert.True(at >= 4, $"no {type} box");
        var size = (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at - 4));
        return file.AsSpan(at + 4, size - 8);
    }

    /// <summary>VP8 via libvpx in realtime mode; the track has no extradata, as over WebRTC.</summary>
    public static VideoFrameCollector Vp8(int width, int height, int count, int fps = 30)
    {
        var track = new TrackConfig(MediaKind.Video, CodecId.Vp8, ReadOnlyMemory<byte>.Empty) { Width = width, Height = height };
        var output = new VideoFrameCollector();
        using var encoder = Encoder.Open("libvpx", new EncoderSettings
        {
            Width = width,
            Height = height,
            PixelFormat = PixelFormat.Yuv420P,
            TimeBase = new Rational(1, fps),
            FrameRate = new Rational(fps, 1),
            BitRate = 800_000,
            GopSize = fps * 2,
        }, new Dictionary<string, string> { ["deadline"] = "realtime", ["cpu-used"] = "8", ["lag-in-frames"] = "0" });
        using var packet = new AvPacket();
        ForEachPicture(width, height, count, (picture, i) =>
        {
            picture.Pts = i;
            encoder.Send(picture);
            Drain();
        });
        encoder.Send(null);
        Drain();
        return output;

        void Drain()
        {
            while (encoder.TryReceive(packet))
            {
                var pts = packet.Pts * 90_000 / fps;
                output.Accept(MediaFrame.Copy(track, packet.Data, pts, pts, packet.IsKeyframe));
                packet.Unref();
            }
        }
    }

    private static VideoFrameCollector Encode(VideoEncoder encoder, int width, int height, int count, long ptsStep, long firstPts)
    {
        using (encoder)
        {
            var output = new VideoFrameCollector();
            ForEachPicture(width, height, count, (picture, i) =>
            {
                picture.Pts = firstPts + i * ptsStep;
                encoder.Encode(picture, output);
            });
            encoder.Flush(output);
            return output;
        }
    }

    private static void ForEachPicture(int width, int height, int count, Action<AvFrame, int> send)
    {
        var pattern = new TestPatternGenerator(width, height);
        using var picture = new AvFrame();
        picture.AllocateVideo(PixelFormat.Yuv420P, width, height);
        for (var i = 0; i < count; i++)
        {
            picture.MakeWritable();
            pattern.Render(picture.AsYuv420Planes(), TimeSpan.FromSeconds(i / 30.0), i);
            send(picture, i);
        }
    }
}

/// <summary>Writes canonical frames to elementary-stream files the ffmpeg CLI can judge.</summary>
internal static class VideoFiles
{
    /// <summary>MPEG-1 pictures back to back: an .m1v elementary stream.</summary>
    public static void WriteElementary(string path, IEnumerable<MediaFrame> frames)
    {
        using var file = File.Create(path);
        foreach (var frame in frames)
            file.Write(frame.Payload.Span);
    }

    /// <summary>H264 frames as an Annex B .h264 stream, with the avcC's SPS/PPS before every keyframe.</summary>
    public static void WriteAnnexB(string path, IEnumerable<MediaFrame> frames)
    {
        using var file = File.Create(path);
        foreach (var frame in frames)
        {
            if (frame.IsKeyframe)
            {
                Assert.True(AvcDecoderConfigurationRecord.TryParse(frame.Track.Extradata, out var avcC));
                var sets = new byte[AvccToAnnexB.MeasureParameterSets(avcC)];
                AvccToAnnexB.WriteParameterSets(avcC, sets);
                file.Write(sets);
            }
            var annexB = new byte[AvccToAnnexB.MeasureConverted(frame.Payload.Span)];
            Assert.True(AvccToAnnexB.TryConvert(frame.Payload.Span, annexB, out _));
            file.Write(annexB);
        }
    }

    /// <summary>Whether the AVCC frame holds an IDR slice (NAL type 5).</summary>
    public static bool IsIdr(MediaFrame frame) => H264ParameterSets.ContainsIdr(frame.Payload.Span);
}
