using InteropGateway.Adapters.Rtmp.Flv;
using InteropGateway.Adapters.Rtmp.Protocol;
using InteropGateway.Codecs.Media;

namespace InteropGateway.Tests.Rtmp;

public class FlvIngestMapperTests
{
    private static readonly byte[] Asc = [0x12, 0x10];

    private static byte[] AacSequenceHeader(byte[] asc) => [0xAF, 0x00, .. asc];
    private static byte[] AacRaw(params byte[] au) => [0xAF, 0x01, .. au];
    private static byte[] AvcNalu(bool key, int cts, params byte[] body) =>
        [(byte)(key ? 0x17 : 0x27), 0x01, (byte)(cts >> 16), (byte)(cts >> 8), (byte)cts, .. body];

    [Fact]
    public void FramesBeforeSequenceHeader_AreCountedAndDropped()
    {
        var mapper = new FlvIngestMapper();
        Assert.Equal(FlvIngestOutcome.None, mapper.Map(RtmpMessageType.Audio, 0, AacRaw(1, 2)).Outcome);
        Assert.Equal(FlvIngestOutcome.None, mapper.Map(RtmpMessageType.Video, 0, AvcNalu(true, 0, 0, 0, 0, 1, 0x65)).Outcome);
        Assert.Equal(2, mapper.DroppedBeforeSequenceHeader);
    }

    [Fact]
    public void RepeatedSequenceHeader_KeepsTheInstance_ChangedOneMakesANewOne()
    {
        var mapper = new FlvIngestMapper();
        var first = mapper.Map(RtmpMessageType.Audio, 0, AacSequenceHeader(Asc));
        Assert.Equal(FlvIngestOutcome.NewTrackConfig, first.Outcome);
        Assert.Equal((44100, 2), (first.Config!.SampleRate, first.Config.Channels));
        Assert.Equal(FlvIngestOutcome.None, mapper.Map(RtmpMessageType.Audio, 10, AacSequenceHeader(Asc)).Outcome);
        Assert.Same(first.Config, mapper.AudioConfig);

        var second = mapper.Map(RtmpMessageType.Audio, 20, AacSequenceHeader([0x11, 0x88]));
        Assert.Equal(FlvIngestOutcome.NewTrackConfig, second.Outcome);
        Assert.NotSame(first.Config, second.Config);
        Assert.Equal((48000, 1), (second.Config!.SampleRate, second.Config.Channels));

        var frame = mapper.Map(RtmpMessageType.Audio, 21, AacRaw(9, 8, 7)).Frame!;
        Assert.Same(second.Config, frame.Track);
        Assert.Equal([9, 8, 7], frame.Payload.ToArray());
        Assert.True(frame.IsKeyframe);
        frame.Release();
    }

    [Fact]
    public void UnsupportedCodec_IsReportedOnce()
    {
        var mapper = new FlvIngestMapper();
        var first = mapper.Map(RtmpMessageType.Audio, 0, [0x2F, 0x00]); // MP3
        Assert.Equal(FlvIngestOutcome.Unsupported, first.Outcome);
        Assert.Contains("sound format 2", first.Reason);
        Assert.Equal(FlvIngestOutcome.None, mapper.Map(RtmpMessageType.Audio, 1, [0x2F, 0x00]).Outcome);
        Assert.Equal(FlvIngestOutcome.Unsupported, mapper.Map(RtmpMessageType.Video, 1, [0x12, 0x00]).Outcome); // Sorenson H.263
        Assert.Equal(FlvIngestOutcome.Unsupported, mapper.Map(RtmpMessageType.Video, 1, [0x90, 0x68, 0x76, 0x63, 0x31]).Outcome); // enhanced RTMP
        Assert.Equal(4, mapper.UnsupportedTags);
    }

    [Fact]
    public void MalformedSequenceHeader_IsReportedAndNoConfigIsMade()
    {
        var mapper = new FlvIngestMapper();
        var result = mapper.Map(RtmpMessageType.Video, 0, [0x17, 0x00, 0, 0, 0, 0x01, 0x64]);
        Assert.Equal(FlvIngestOutcome.Unsupported, result.Outcome);
        Assert.Null(mapper.VideoConfig);
        Assert.Equal(FlvIngestOutcome.None, mapper.Map(RtmpMessageType.Video, 0, [0x17]).Outcome); // too short
        Assert.Equal(2, mapper.MalformedTags);
    }

    [Fact]
    public void TimestampsWrapAt32Bits_AndNegativeCtsIsSigned()
    {
        var mapper = new FlvIngestMapper();
        mapper.Map(RtmpMessageType.Audio, 0, AacSequenceHeader(Asc));
        var timestamps = new uint[] { 0xFFFF_FFC0, 0xFFFF_FFF0, 0x0000_0020, 0x0000_0010 };
        var expected = new long[] { 0xFFFF_FFC0L, 0xFFFF_FFF0L, 0x1_0000_0020L, 0x1_0000_0010L };
        for (var i = 0; i < timestamps.Length; i++)
        {
            var frame = mapper.Map(RtmpMessageType.Audio, timestamps[i], AacRaw(1)).Frame!;
            Assert.Equal(expected[i] * 90, frame.Dts);
            frame.Release();
        }

        Assert.True(FlvVideoTagHeader.TryParse(AvcNalu(false, -40 & 0xFFFFFF, 1), out var header));
        Assert.Equal(-40, header.CompositionTimeMs);
        Assert.False(header.IsKeyframe);
    }

    [Fact]
    public void EgressHeaders_MatchFlvSpec()
    {
        var config = new TrackConfig(MediaKind.Video, CodecId.H264, new byte[] { 1, 2 });
        var frame = MediaFrame.Copy(config, [0, 0, 0, 1, 0x65], dts: 9000, pts: 9000 + 80 * 90, isKeyframe: true);
        Span<byte> header = stackalloc byte[FlvEgressWriter.MaxTagHeaderLength];
        Assert.Equal(5, FlvEgressWriter.WriteAvcNaluPrefix(header, frame));
        Assert.Equal([0x17, 0x01, 0x00, 0x00, 80], header.ToArray());
        frame.Release();
        Assert.Equal(5, FlvEgressWriter.WriteAvcSequenceHeaderPrefix(header));
        Assert.Equal([0x17, 0x00, 0, 0, 0], header.ToArray());
        Assert.Equal(2, FlvEgressWriter.WriteAacRawPrefix(header));
        Assert.Equal([0xAF, 0x01], header[..2].ToArray());
        Assert.Equal([0x17, 0x00, 0, 0, 0, 1, 2], FlvEgressWriter.BuildAvcSequenceHeader(config));
    }
}
