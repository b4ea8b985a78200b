using InteropGateway.Codecs.Bitstream;

namespace InteropGateway.Tests.Codecs;

public class BitstreamMpeg1Tests
{
    [Fact]
    public void Sequence_header_size_matches_what_ffmpeg_wrote()
    {
        using var dir = VideoCli.TempDirectory();
        var m1v = dir.File("clip.m1v");
        VideoCli.Ffmpeg("-f", "lavfi", "-i", "testsrc2=size=352x288:rate=25", "-frames:v", "2", "-c:v", "mpeg1video", m1v);
        Assert.True(Mpeg1SequenceHeader.TryReadSize(File.ReadAllBytes(m1v), out var width, out var height));
        Assert.Equal((352, 288), (width, height));
    }

    [Fact]
    public void A_picture_without_sequence_header_has_no_size()
    {
        Assert.False(Mpeg1SequenceHeader.TryReadSize([0, 0, 1, 0x00, 0x01, 0x02, 0x03, 0x04], out _, out _));
        Assert.False(Mpeg1SequenceHeader.TryReadSize([0, 0, 1, 0xB3, 0x16], out _, out _));
    }
}
