using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using InteropGateway.Adapters.Rtmp.Flv;
using InteropGateway.Codecs.Media;

namespace InteropGateway.Tests.Rtmp;

/// <summary>
/// A real FLV made by ffmpeg (x264 + AAC) goes through FLV tag parsing and the ingest mapper; the
/// frames must be byte-identical to what ffmpeg itself demuxes (framemd5 of -c copy hashes the
/// AVC NALU bodies, and its #extradata line the AVCDecoderConfigurationRecord).
/// </summary>
public sealed class FlvIngestFfmpegTests : IDisposable
{
    private readonly string _directory = Ffmpeg.TempDirectory();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private sealed record FramemdLine(long Dts, long Pts, int Size, string Hash);

    [Fact]
    public void FfmpegFlv_MapsToH264AndAacFrames_ByteIdenticalToFfmpegDemux()
    {
        var file = Path.Combine(_directory, "out.flv");
        Ffmpeg.Run($"-v error -f lavfi -i testsrc2=size=320x240:rate=25 -f lavfi -i sine=frequency=440:sample_rate=44100 -t 2 -c:v libx264 -g 25 -c:a aac -f flv \"{file}\"");
        var framemd5 = Ffmpeg.Run($"-v error -i \"{file}\" -map 0:v -c copy -f framemd5 -");

        var mapper = new FlvIngestMapper();
        var configs = new List<TrackConfig>();
        var video = new List<(long Dts, long Pts, bool Key, byte[] Payload)>();
        var audioFrames = 0;
        var reader = new SequenceReader<byte>(TestBuffers.Segmented(File.ReadAllBytes(file), 4096));
        Assert.True(FlvFileReader.TryReadFileHeader(ref reader, out var hasAudio, out var hasVideo));
        Assert.True(hasAudio && hasVideo);
        while (FlvFileReader.TryReadTag(ref reader, out var tag)) // each tag consumes >= 15 bytes
        {
            var result = mapper.Map(tag.TagType, tag.TimestampMs, tag.Data.ToArray());
            switch (result.Outcome)
            {
                case FlvIngestOutcome.NewTrackConfig:
                    configs.Add(result.Config!);
                    break;
                case FlvIngestOutcome.Frame:
                    var frame = result.Frame!;
                    if (frame.Kind == MediaKind.Video)
                        video.Add((frame.Dts, frame.Pts, frame.IsKeyframe, frame.Payload.ToArray()));
                    else
                        audioFrames++;
                    Assert.Same(frame.Kind == MediaKind.Video ? mapper.VideoConfig : mapper.AudioConfig, frame.Track);
                    frame.Release();
                    break;
                case FlvIngestOutcome.Unsupported:
                    Assert.Fail(result.Reason);
                    break;
            }
        }
        Assert.Equal(0, reader.Remaining);

        Assert.Equal(2, configs.Count);
        var videoConfig = Assert.Single(configs, c => c.Kind == MediaKind.Video);
        var audioConfig = Assert.Single(configs, c => c.Kind == MediaKind.Audio);
        Assert.Equal(CodecId.H264, videoConfig.Codec);
        Assert.Equal((320, 240), (videoConfig.Width, videoConfig.Height));
        Assert.Equal(CodecId.Aac, audioConfig.Codec);
        Assert.Equal((44100, 1), (audioConfig.SampleRate, audioConfig.Channels));
        Assert.InRange(audioFrames, 80, 90); // 2 s of 1024-sample frames at 44.1 kHz
        Assert.Equal(0, mapper.DroppedBeforeSequenceHeader);

        var lines = ParseFramemd5(framemd5, out var extradataHash);
        Assert.Equal(extradataHash, Md5(videoConfig.Extradata.ToArray()));
        Assert.Equal(50, lines.Count);
        Assert.Equal(lines.Count, video.Count);
        var dtsOffset = lines[0].Dts - video[0].Dts / 90; // framemd5 shifts all timestamps by one constant
        for (var i = 0; i < video.Count; i++)
        {
            Assert.Equal(lines[i].Size, video[i].Payload.Length);
            Assert.Equal(lines[i].Hash, Md5(video[i].Payload));
            Assert.Equal(lines[i].Dts, video[i].Dts / 90 + dtsOffset);
            Assert.Equal(lines[i].Pts - lines[i].Dts, (video[i].Pts - video[i].Dts) / 90);
            Assert.Equal(i % 25 == 0, video[i].Key);
        }
    }

    [Fact]
    public void IngestThenEgress_RewritesAnFlvThatFfmpegDemuxesIdentically()
    {
        var source = Path.Combine(_directory, "source.flv");
        var rewritten = Path.Combine(_directory, "rewritten.flv");
        Ffmpeg.Run($"-v error -f lavfi -i testsrc2=size=320x240:rate=25 -f lavfi -i sine=frequency=440:sample_rate=44100 -t 1 -c:v libx264 -g 25 -c:a aac -f flv \"{source}\"");

        var mapper = new FlvIngestMapper();
        var output = new ArrayBufferWriter<byte>();
        FlvFileWriter.WriteFileHeader(output, hasAudio: true, hasVideo: true);
        Span<byte> header = stackalloc byte[FlvEgressWriter.MaxTagHeaderLength];
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(File.ReadAllBytes(source)));
        Assert.True(FlvFileReader.TryReadFileHeader(ref reader, out _, out _));
        while (FlvFileReader.TryReadTag(ref reader, out var tag))
        {
            var result = mapper.Map(tag.TagType, tag.TimestampMs, tag.Data.ToArray());
            if (result.Config is { } config)
            {
                var length = config.Kind == MediaKind.Video
                    ? FlvEgressWriter.WriteAvcSequenceHeaderPrefix(header)
                    : FlvEgressWriter.WriteAacSequenceHeaderPrefix(header);
                FlvFileWriter.WriteTag(output, config.Kind == MediaKind.Video ? FlvTagType.Video : FlvTagType.Audio, tag.TimestampMs, header[..length], config.Extradata.Span);
            }
            if (result.Frame is { } frame)
            {
                var length = frame.Kind == MediaKind.Video ? FlvEgressWriter.WriteAvcNaluPrefix(header, frame) : FlvEgressWriter.WriteAacRawPrefix(header);
                var type = frame.Kind == MediaKind.Video ? FlvTagType.Video : FlvTagType.Audio;
                FlvFileWriter.WriteTag(output, type, (uint)Timebase.ToMilliseconds(frame.Dts), header[..length], frame.Payload.Span);
                frame.Release();
            }
        }
        File.WriteAllBytes(rewritten, output.WrittenSpan.ToArray());

        static string Hashes(string file) => string.Join('\n', Ffmpeg.Run($"-v error -i \"{file}\" -c copy -f framemd5 -")
            .Split('\n').Where(l => !l.StartsWith("#software", StringComparison.Ordinal)));
        Assert.Equal(Hashes(source), Hashes(rewritten));
    }

    private static string Md5(byte[] data) => Convert.ToHexStringLower(MD5.HashData(data));

    private static List<FramemdLine> ParseFramemd5(string text, out string extradataHash)
    {
        extradataHash = "";
        var lines = new List<FramemdLine>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split(',', StringSplitOptions.TrimEntries);
            if (line.StartsWith("#extradata", StringComparison.Ordinal))
                extradataHash = fields[^1];
            else if (!line.StartsWith('#'))
                lines.Add(new FramemdLine(long.Parse(fields[1], CultureInfo.InvariantCulture), long.Parse(fields[2], CultureInfo.InvariantCulture),
                    int.Parse(fields[4], CultureInfo.InvariantCulture), fields[5]));
        }
        return lines;
    }
}
