using System.Buffers;
using InteropGateway.Adapters.Rtmp.Flv;
using InteropGateway.Codecs.Bitstream;

namespace InteropGateway.Tests.Rtmp;

public class BitstreamTests
{
    [Fact]
    public void ExpGolomb_DecodesKnownCodes()
    {
        // 1 | 010 | 011 | 00100 | 00101 -> ue 0,1,2,3 then se(4) = -2
        var reader = new BitReader([0b1010_0110, 0b0100_0010, 0b1000_0000]);
        Assert.Equal(0u, reader.ReadUe());
        Assert.Equal(1u, reader.ReadUe());
        Assert.Equal(2u, reader.ReadUe());
        Assert.Equal(3u, reader.ReadUe());
        Assert.Equal(-2, reader.ReadSe());
        Assert.False(reader.IsOverrun);
        reader.ReadBits(16);
        Assert.True(reader.IsOverrun);
    }

    [Fact]
    public void ExpGolomb_AllZeros_IsOverrunNotALoop()
    {
        var reader = new BitReader(new byte[64]);
        reader.ReadUe();
        Assert.True(reader.IsOverrun);
    }

    [Fact]
    public void EmulationPrevention_IsRemoved()
    {
        byte[] nal = [0x67, 0x00, 0x00, 0x03, 0x01, 0x00, 0x00, 0x03, 0x00, 0x03];
        var rbsp = new byte[nal.Length];
        var length = EmulationPrevention.RemoveTo(nal, rbsp);
        Assert.Equal([0x67, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x03], rbsp[..length]);
    }

    [Theory]
    [InlineData(new byte[] { 0x12, 0x10 }, 2, 44100, 2, 0)]           // AAC LC 44.1 kHz stereo
    [InlineData(new byte[] { 0x11, 0x88 }, 2, 48000, 1, 0)]           // AAC LC 48 kHz mono
    [InlineData(new byte[] { 0x2B, 0x11, 0x88 }, 2, 24000, 2, 48000)] // HE-AAC explicit SBR (type 5)
    [InlineData(new byte[] { 0xF8, 0x08, 0x40 }, 32 + 0, 44100, 2, 0)] // escape: object type 31 + 6 bits
    [InlineData(new byte[] { 0x17, 0x80, 0x0F, 0xA0, 0x10 }, 2, 8000, 2, 0)] // explicit 24-bit frequency (0xF)
    public void AudioSpecificConfig_Parses(byte[] data, int objectType, int sampleRate, int channels, int extensionRate)
    {
        Assert.True(AudioSpecificConfig.TryParse(data, out var asc));
        Assert.Equal((objectType, sampleRate, channels, extensionRate), (asc.ObjectType, asc.SampleRate, asc.Channels, asc.ExtensionSampleRate));
    }

    [Fact]
    public void AudioSpecificConfig_RejectsReservedIndexAndTruncation()
    {
        Assert.False(AudioSpecificConfig.TryParse([0x16, 0x90], out _)); // frequency index 13
        Assert.False(AudioSpecificConfig.TryParse([0x12], out _));
        Assert.Equal([0x12, 0x10], AudioSpecificConfig.Build(2, 44100, 2));
    }

    [Fact]
    public void AvcDecoderConfigurationRecord_RejectsTruncation()
    {
        byte[] record = [1, 0x64, 0, 0x1F, 0xFF, 0xE1, 0x00, 0x10, 0x67];
        Assert.False(AvcDecoderConfigurationRecord.TryParse(record, out _));
        Assert.False(AvcDecoderConfigurationRecord.TryParse(new byte[] { 0 }, out _));
    }

    /// <summary>Encodes one frame with x264 and reads the size back from the SPS in the FLV sequence header.</summary>
    [Theory]
    [InlineData(320, 240, "yuv420p", "", 100)]
    [InlineData(1920, 1080, "yuv420p", "", 100)]      // cropping 1088 -> 1080
    [InlineData(318, 238, "yuv444p", "", 244)]        // 4:4:4 chroma format, odd crop units
    [InlineData(322, 242, "yuv422p", "", 122)]        // 4:2:2
    [InlineData(320, 240, "yuv420p", "-flags +ildct -x264opts interlaced=1", 100)] // field coding: frame_mbs_only = 0
    [InlineData(176, 144, "yuv420p", "-profile:v baseline", 66)]
    [InlineData(352, 288, "yuv420p", "-x264opts cqm=jvt", 100)] // scaling lists in the SPS
    public void Sps_SizeFromRealEncoders(int width, int height, string pixelFormat, string options, int profile)
    {
        var directory = Ffmpeg.TempDirectory();
        try
        {
            var file = Path.Combine(directory, "one.flv");
            Ffmpeg.Run($"-v error -f lavfi -i testsrc2=size={width}x{height}:rate=25 -frames:v 1 -pix_fmt {pixelFormat} -c:v libx264 {options} -f flv \"{file}\"");
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(File.ReadAllBytes(file)));
            Assert.True(FlvFileReader.TryReadFileHeader(ref reader, out _, out _));
            var mapper = new FlvIngestMapper();
            for (var i = 0; i < 8 && mapper.VideoConfig is null && FlvFileReader.TryReadTag(ref reader, out var tag); i++)
                mapper.Map(tag.TagType, tag.TimestampMs, tag.Data.ToArray()).Frame?.Release();
            var config = mapper.VideoConfig;
            Assert.NotNull(config);
            Assert.Equal((width, height), (config.Width, config.Height));
            Assert.True(AvcDecoderConfigurationRecord.TryParse(config.Extradata, out var record));
            Assert.Equal(profile, record.Profile);
            Assert.Equal(4, record.NalLengthSize);
            Assert.True(H264SequenceParameterSet.TryParse(record.SequenceParameterSets[0].Span, out var sps));
            Assert.Equal(profile, sps.ProfileIdc);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
