using System.Buffers;
using System.Diagnostics;
using InteropGateway.Codecs.Containers.MpegTs;
using InteropGateway.Codecs.Media;

namespace InteropGateway.Tests.Codecs;

/// <summary>
/// MPEG-TS muxer and demuxer against ffmpeg: what ffmpeg muxes, we demux frame for frame; what we
/// remux, ffmpeg decodes without a word and counts the same frames. Both run without allocating.
/// </summary>
public sealed class MpegTsTests
{
    private static string MakeTs(string name, string codecs, int seconds = 2)
    {
        var path = Path.Combine(Path.GetTempPath(), $"interop-gateway-ts-{name}-{Environment.ProcessId}.ts");
        if (File.Exists(path))
            return path;
        var run = Run("ffmpeg", $"-nostdin -v error -y -f lavfi -i testsrc2=size=320x240:rate=25 -f lavfi -i sine=frequency=440:sample_rate=48000 -t {seconds} {codecs} -f mpegts {path}");
        Assert.True(run.ExitCode == 0, run.Errors);
        return path;
    }

    [Fact]
    public void Demuxes_every_mpeg1_picture_and_mp2_frame_ffmpeg_muxed_and_remuxes_them_so_ffmpeg_decodes_cleanly()
    {
        var source = MakeTs("mpeg1", "-c:v mpeg1video -bf 0 -g 25 -c:a mp2 -b:a 128k");
        var collector = new Collector();
        var demuxer = new TsDemuxer(collector);
        var bytes = File.ReadAllBytes(source);
        for (var offset = 0; offset < bytes.Length; offset += 1000) // chunks that cut packets anywhere
            demuxer.Push(bytes.AsSpan(offset, Math.Min(1000, bytes.Length - offset)));
        demuxer.Flush();
        Assert.Equal(0, demuxer.ContinityErrors);
        Assert.Equal(50, collector.Frames.Count(f => f.Codec == CodecId.Mpeg1Video));
        Assert.Equal(TsStreamType.Mpeg2Video, collector.VideoStreamType); // how ffmpeg declares MPEG-1 video

        // Remux: one PES per picture, MP2 PES as they came.
        var muxer = new TsMuxer(CodecId.Mpeg1Video, CodecId.Mp2);
        var output = new ArrayBufferWriter<byte>();
        foreach (var frame in collector.Frames)
            muxer.WriteFrame(frame.Codec, frame.Dts, frame.Pts, frame.Key, frame.Payload, output);
        var remuxed = Path.Combine(Path.GetTempPath(), $"interop-gateway-ts-remux-{Environment.ProcessId}.ts");
        File.WriteAllBytes(remuxed, output.WrittenSpan.ToArray());
        var decode = Run("ffmpeg", $"-nostdin -v error -i {remuxed} -f null -");
        Assert.True(decode.ExitCode == 0 && decode.Errors.Trim().Length == 0, decode.Errors);
        var probe = Run("ffprobe", $"-v error -count_frames -show_entries stream=codec_name,nb_read_frames -of compact {remuxed}");
        Assert.Contains("codec_name=mpeg1video|nb_read_frames=50", probe.Output);
        Assert.Contains("codec_name=mp2", probe.Output);
    }

    [Fact]
    public void Finds_h264_and_aac_streams_and_their_pes_in_an_ffmpeg_ts()
    {
        var source = MakeTs("h264", "-c:v libx264 -preset ultrafast -g 25 -c:a aac");
        var collector = new Collector();
        var demuxer = new TsDemuxer(collector);
        demuxer.Push(File.ReadAllBytes(source));
        demuxer.Flush();
        Assert.Equal(50, collector.Frames.Count(f => f.Codec == CodecId.H264));
        Assert.True(collector.Frames.First(f => f.Codec == CodecId.H264).Key, "the first video PES is flagged random access");
        Assert.True(collector.Frames.Count(f => f.Codec == CodecId.Aac) >= 5); // ffmpeg packs several ADTS frames per PES
        Assert.True(AdtsHeader.TryRead(collector.Frames.First(f => f.Codec == CodecId.Aac).Payload, out _, out _, out var objectType, out var rate, out _));
        Assert.Equal((2, 48000), (objectType, rate));
    }

    [Fact]
    public void A_lost_packet_is_counted_and_drops_only_the_pes_it_broke()
    {
        var bytes = File.ReadAllBytes(MakeTs("mpeg1", "-c:v mpeg1video -bf 0 -g 25 -c:a mp2 -b:a 128k"));
        var collector = new Collector();
        var demuxer = new TsDemuxer(collector);
        // Find a video packet in the middle of a PES (no payload start) and leave it out.
        var victim = Enumerable.Range(40, 400).Select(i => i * TsConstants.PacketSize)
            .First(o => ((bytes[o + 1] & 0x1F) << 8 | bytes[o + 2]) == TsConstants.VideoPid && (bytes[o + 1] & 0x40) == 0);
        demuxer.Push(bytes.AsSpan(0, victim));
        demuxer.Push(bytes.AsSpan(victim + TsConstants.PacketSize));
        demuxer.Flush();
        Assert.Equal(1, demuxer.ContinityErrors);
        Assert.Equal(1, demuxer.DroppedPes);
        Assert.Equal(49, collector.Frames.Count(f => f.Codec == CodecId.Mpeg1Video));
    }

    [Fact]
    public void The_muxer_writes_pat_pmt_pcr_and_continuity_counters_that_the_demuxer_reads_back()
    {
        var track = new TrackConfig(MediaKind.Audio, CodecId.Opus, ReadOnlyMemory<byte>.Empty) { SampleRate = 48000, Channels = 2 };
        var muxer = new TsMuxer(CodecId.Unknown, CodecId.Opus);
        var output = new ArrayBufferWriter<byte>();
        var payload = new byte[300];
        for (var i = 0; i < 20; i++)
        {
            using var frame = new Owned(MediaFrame.Copy(track, payload, i * 1800, i * 1800, true));
            muxer.WriteFrame(frame.Frame, output);
        }
        var collector = new Collector();
        var demuxer = new TsDemuxer(collector);
        demuxer.Push(output.WrittenSpan);
        demuxer.Flush();
        Assert.Equal(0, demuxer.ContinityErrors);
        Assert.Equal(20, collector.Frames.Count(f => f.Codec == CodecId.Opus));
        Assert.Equal(1800 * 19, collector.Frames[^1].Pts);
        // 0x7FE0 control header, size 255 + 45, then the packet.
        Assert.Equal(new byte[] { 0x7F, 0xE0, 0xFF, 45 }, collector.Frames[0].Payload[..4]);
        Assert.Equal(304, collector.Frames[0].Payload.Length);
    }

    [Fact]
    public void Muxing_and_demuxing_allocate_nothing_per_frame()
    {
        var video = new TrackConfig(MediaKind.Video, CodecId.Mpeg1Video, ReadOnlyMemory<byte>.Empty) { Width = 640, Height = 360 };
        var audio = new TrackConfig(MediaKind.Audio, CodecId.Mp2, ReadOnlyMemory<byte>.Empty) { SampleRate = 48000, Channels = 2 };
        var picture = MediaFrame.Copy(video, new byte[20_000], 0, 0, true);
        var sound = MediaFrame.Copy(audio, new byte[384], 0, 0, true);
        var muxer = new TsMuxer(CodecId.Mpeg1Video, CodecId.Mp2);
        var output = new ArrayBufferWriter<byte>(1 << 20);
        var demuxer = new TsDemuxer(new Counter());
        void Round(int i)
        {
            picture.Dts = picture.Pts = sound.Dts = sound.Pts = i * 3000L;
            picture.IsKeyframe = i % 30 == 0;
            muxer.WriteFrame(picture, output);
            muxer.WriteFrame(sound, output);
            demuxer.Push(output.WrittenSpan);
            output.ResetWrittenCount();
        }
        for (var i = 0; i < 100; i++)
            Round(i); // warm-up: buffers grow to size
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 100; i < 1100; i++)
            Round(i);
        var perFrame = (GC.GetAllocatedBytesForCurrentThread() - before) / 2000.0;
        Assert.True(perFrame < 1, $"{perFrame} bytes allocated per frame");
        picture.Release();
        sound.Release();
    }

    private sealed record DemuxedFrame(CodecId Codec, long Pts, long Dts, bool Key, byte[] Payload);

    private sealed class Collector : ITsDemuxHandler
    {
        public List<DemuxedFrame> Frames { get; } = [];
        public TsStreamType VideoStreamType { get; private set; }

        public void OnProgram(ReadOnlySpan<TsElementaryStream> streams)
        {
            foreach (var stream in streams)
                if (stream.Pid == TsConstants.VideoPid)
                    VideoStreamType = stream.StreamType;
        }

        public void OnPes(in TsPesPacket pes) => Frames.Add(new DemuxedFrame(pes.Codec, pes.Pts, pes.Dts, pes.RandomAccess, pes.Payload.ToArray()));
    }

    private sealed class Counter : ITsDemuxHandler
    {
        public int Count;
        public void OnPes(in TsPesPacket pes) => Count++;
    }

    private sealed class Owned(MediaFrame frame) : IDisposable
    {
        public MediaFrame Frame { get; } = frame;
        public void Dispose() => Frame.Release();
    }

    private static (int ExitCode, string Output, string Errors) Run(string tool, string arguments)
    {
        var start = new ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
            process.Kill();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
