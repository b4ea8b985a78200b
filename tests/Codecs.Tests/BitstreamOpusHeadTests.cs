using InteropGateway.Codecs.Bitstream;

namespace InteropGateway.Tests.Codecs;

public class BitstreamOpusHeadTests
{
    [Fact]
    public void Stereo_header_has_the_rfc_7845_layout()
    {
        var bytes = OpusHead.ForMonoOrStereo(2, preSkip: 312, inputSampleRate: 44_100).ToArray();
        // "OpusHead", version 1, 2 channels, pre-skip 312 LE, 44100 LE, gain 0, family 0.
        Assert.Equal("4F70757348656164" + "01" + "02" + "3801" + "44AC0000" + "0000" + "00", Convert.ToHexString(bytes));
        Assert.True(OpusHead.TryParse(bytes, out var head));
        Assert.Equal((2, 312, 44_100, 0, 1, 1), (head.Channels, head.PreSkip, head.InputSampleRate, head.MappingFamily, head.StreamCount, head.CoupledCount));
    }

    [Fact]
    public void Surround_header_round_trips_with_its_mapping_table()
    {
        var written = new OpusHead(6, 312, 48_000, -256, 1, 4, 2, new byte[] { 0, 4, 1, 2, 3, 5 });
        var bytes = written.ToArray();
        Assert.Equal(27, bytes.Length);
        Assert.True(OpusHead.TryParse(bytes, out var read));
        Assert.Equal((6, 1, 4, 2, (short)-256), (read.Channels, read.MappingFamily, read.StreamCount, read.CoupledCount, read.OutputGain));
        Assert.Equal(new byte[] { 0, 4, 1, 2, 3, 5 }, read.ChannelMapping.ToArray());
    }

    private const string Magic = "4F70757348656164";

    [Theory]
    [InlineData(Magic + "01" + "02" + "3801" + "80BB0000" + "0000", "shorter than 19 bytes")]
    [InlineData(Magic + "10" + "02" + "3801" + "80BB0000" + "0000" + "00", "major version 1")]
    [InlineData(Magic + "01" + "03" + "3801" + "80BB0000" + "0000" + "00", "family 0 with 3 channels")]
    [InlineData(Magic + "01" + "00" + "3801" + "80BB0000" + "0000" + "00", "no channels")]
    [InlineData("4F70757354616773" + "01" + "02" + "3801" + "80BB0000" + "0000" + "00", "OpusTags, not OpusHead")]
    [InlineData(Magic + "01" + "02" + "3801" + "80BB0000" + "0000" + "01" + "01" + "00" + "000A", "mapping names a missing stream")]
    [InlineData(Magic + "01" + "02" + "3801" + "80BB0000" + "0000" + "01" + "01" + "00" + "00", "mapping table cut short")]
    public void Invalid_headers_are_rejected(string hex, string why)
    {
        Assert.False(OpusHead.TryParse(Convert.FromHexString(hex), out _), why);
    }

    [Fact]
    public void Minor_versions_are_accepted()
    {
        var bytes = OpusHead.ForMonoOrStereo(1).ToArray();
        bytes[8] = 0x0F;
        Assert.True(OpusHead.TryParse(bytes, out var head));
        Assert.Equal(1, head.Channels);
    }

    /// <summary>Golden check: the header libopus writes through ffmpeg into an Ogg file parses and re-serializes identically.</summary>
    [Fact]
    public void Matches_the_header_ffmpeg_libopus_writes()
    {
        using var dir = VideoCli.TempDirectory();
        var ogg = dir.File("tone.opus");
        VideoCli.Ffmpeg("-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000:duration=0.2", "-ac", "2",
            "-c:a", "libopus", "-b:a", "64k", ogg);
        var file = File.ReadAllBytes(ogg);
        var at = file.AsSpan().IndexOf("OpusHead"u8);
        Assert.True(at > 0);
        var golden = file.AsSpan(at, 19).ToArray();

        Assert.True(OpusHead.TryParse(golden, out var head));
        Assert.Equal((2, 0), (head.Channels, head.MappingFamily));
        Assert.Equal(48_000, head.InputSampleRate);
        Assert.Equal(Convert.ToHexString(golden), Convert.ToHexString(head.ToArray()));
    }
}
