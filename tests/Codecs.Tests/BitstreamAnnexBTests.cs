using System.Buffers.Binary;
using InteropGateway.Codecs.Bitstream;

namespace InteropGateway.Tests.Codecs;

public class BitstreamAnnexBTests
{
    private static readonly byte[] Sps = [0x67, 0x42, 0xC0, 0x1E, 0xD9, 0x00, 0xA0, 0x47, 0xFE, 0xC8];
    private static readonly byte[] Pps = [0x68, 0xCE, 0x3C, 0x80];
    private static readonly byte[] Idr = [0x65, 0x88, 0x84, 0x00, 0x33, 0xFF];
    private static readonly byte[] Slice = [0x41, 0x9A, 0x02, 0x03];

    private static List<byte[]> Nals(ReadOnlySpan<byte> annexB)
    {
        var result = new List<byte[]>();
        foreach (var nal in new AnnexBNalEnumerator(annexB))
            result.Add(nal.ToArray());
        return result;
    }

    [Fact]
    public void Enumerator_handles_3_and_4_byte_start_codes_leading_junk_and_trailing_zeros()
    {
        byte[] stream = [0xAA, 0, 0, 0, 1, .. Sps, 0, 0, 1, .. Pps, 0, 0, 0, 0, 1, .. Idr, 0, 0];
        var nals = Nals(stream);
        Assert.Equal(3, nals.Count);
        Assert.Equal(Sps, nals[0]);
        Assert.Equal(Pps, nals[1]);
        Assert.Equal(Idr, nals[2]);
    }

    [Fact]
    public void Enumerator_finds_nothing_without_a_start_code()
    {
        Assert.Empty(Nals([1, 2, 3, 4, 5]));
        Assert.Empty(Nals([]));
        Assert.Empty(Nals([0, 0, 1, 0, 0, 1]));
        Assert.True(AnnexBNalEnumerator.StartsWithStartCode([0, 0, 0, 1, 0x65]));
        Assert.True(AnnexBNalEnumerator.StartsWithStartCode([0, 0, 1, 0x65]));
        Assert.False(AnnexBNalEnumerator.StartsWithStartCode([0, 0, 0, 5, 0x65]));
    }

    [Fact]
    public void AnnexB_to_avcc_prefixes_lengths_and_can_drop_parameter_sets()
    {
        byte[] annexB = [0, 0, 0, 1, 0x09, 0xF0, 0, 0, 0, 1, .. Sps, 0, 0, 1, .. Pps, 0, 0, 1, .. Idr];

        var all = new byte[AnnexBToAvcc.MeasureConverted(annexB)];
        Assert.Equal(all.Length, AnnexBToAvcc.Convert(annexB, all));
        Assert.Equal([0, 0, 0, 2, 0x09, 0xF0, 0, 0, 0, 10, .. Sps, 0, 0, 0, 4, .. Pps, 0, 0, 0, 6, .. Idr], all);

        var slicesOnly = new byte[AnnexBToAvcc.MeasureConverted(annexB, dropParameterSets: true)];
        Assert.Equal(slicesOnly.Length, AnnexBToAvcc.Convert(annexB, slicesOnly, dropParameterSets: true));
        Assert.Equal([0, 0, 0, 6, .. Idr], slicesOnly);
        Assert.True(H264ParameterSets.ContainsIdr(slicesOnly));
    }

    [Fact]
    public void AnnexB_to_avcc_refuses_a_short_destination()
    {
        byte[] annexB = [0, 0, 1, .. Idr];
        Assert.Throws<ArgumentException>(() => AnnexBToAvcc.Convert(annexB, new byte[5]));
    }

    [Fact]
    public void Avcc_round_trips_through_annexB()
    {
        byte[] avcc = [0, 0, 0, 6, .. Idr, 0, 0, 0, 4, .. Slice];
        var annexB = new byte[AvccToAnnexB.MeasureConverted(avcc)];
        Assert.True(AvccToAnnexB.TryConvert(avcc, annexB, out var written));
        Assert.Equal(annexB.Length, written);
        Assert.Equal([0, 0, 0, 1, .. Idr, 0, 0, 0, 1, .. Slice], annexB);

        var back = new byte[AnnexBToAvcc.MeasureConverted(annexB)];
        AnnexBToAvcc.Convert(annexB, back);
        Assert.Equal(avcc, back);
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0, 9, 0x65, 1 })]      // length past the end
    [InlineData(new byte[] { 0, 0, 0 })]                   // truncated length
    [InlineData(new byte[] { 0, 0, 0, 0, 0x65 })]          // zero-length NAL unit
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 1 })] // length beyond int range
    public void Malformed_avcc_is_reported_not_thrown(byte[] avcc)
    {
        Assert.Equal(-1, AvccToAnnexB.MeasureConverted(avcc));
        Assert.False(AvccToAnnexB.TryConvert(avcc, new byte[64], out _));
        var nals = new AvccNalEnumerator(avcc);
        while (nals.MoveNext()) { }
        Assert.True(nals.IsMalformed);
    }

    [Fact]
    public void Avcc_with_2_byte_lengths_is_read()
    {
        byte[] avcc = [0, 4, .. Slice];
        var annexB = new byte[AvccToAnnexB.MeasureConverted(avcc, nalLengthSize: 2)];
        Assert.True(AvccToAnnexB.TryConvert(avcc, annexB, out _, nalLengthSize: 2));
        Assert.Equal([0, 0, 0, 1, .. Slice], annexB);
    }

    [Fact]
    public void Parameter_sets_of_a_record_are_written_as_annexB()
    {
        var avcC = AvcDecoderConfigurationRecord.Build([Sps], [Pps]);
        Assert.True(AvcDecoderConfigurationRecord.TryParse(avcC, out var record));
        var annexB = new byte[AvccToAnnexB.MeasureParameterSets(record)];
        Assert.Equal(annexB.Length, AvccToAnnexB.WriteParameterSets(record, annexB));
        Assert.Equal([0, 0, 0, 1, .. Sps, 0, 0, 0, 1, .. Pps], annexB);
    }

    [Fact]
    public void Record_is_built_from_parameter_sets_found_in_a_keyframe()
    {
        byte[] keyframe = [0, 0, 0, 1, .. Sps, 0, 0, 0, 1, .. Pps, 0, 0, 0, 1, .. Sps, 0, 0, 1, .. Idr];
        Assert.True(H264ParameterSets.ContainsParameterSets(keyframe));
        Assert.True(H264ParameterSets.TryBuildRecordFromAnnexB(keyframe, out var avcC));
        Assert.True(AvcDecoderConfigurationRecord.TryParse(avcC, out var record));
        Assert.Equal(0x42, record.Profile);
        Assert.Equal(0xC0, record.ProfileCompatibility);
        Assert.Equal(0x1E, record.Level);
        Assert.Equal(4, record.NalLengthSize);
        Assert.Equal(Sps, Assert.Single(record.SequenceParameterSets).ToArray()); // the repeat is dropped
        Assert.Equal(Pps, Assert.Single(record.PictureParameterSets).ToArray());

        Assert.False(H264ParameterSets.TryBuildRecordFromAnnexB([0, 0, 1, .. Idr], out _));
        Assert.False(H264ParameterSets.TryBuildRecordFromAnnexB([0, 0, 1, .. Sps], out _));
    }

    [Fact]
    public void Conversions_allocate_nothing()
    {
        byte[] annexB = [0, 0, 0, 1, .. Sps, 0, 0, 1, .. Pps, 0, 0, 1, .. Idr];
        var avcc = new byte[256];
        var back = new byte[256];
        Exercise();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
            Exercise();
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());

        void Exercise()
        {
            var length = AnnexBToAvcc.Convert(annexB, avcc, dropParameterSets: AnnexBToAvcc.MeasureConverted(annexB) > 1000);
            AvccToAnnexB.TryConvert(avcc.AsSpan(0, length), back, out _);
            H264ParameterSets.ContainsIdr(avcc.AsSpan(0, length));
        }
    }

    /// <summary>
    /// Golden check against FFmpeg: x264 writes an Annex B stream, ffmpeg remuxes it to MP4 (which
    /// stores AVCC samples and an avcC box). Our conversion of the whole stream must equal the mdat
    /// payload byte for byte, and our avcC built from the in-band SPS/PPS must equal ffmpeg's.
    /// </summary>
    [Fact]
    public void Matches_ffmpeg_mp4_muxer_on_an_x264_stream()
    {
        using var dir = VideoCli.TempDirectory();
        var h264 = dir.File("in.h264");
        var mp4 = dir.File("out.mp4");
        VideoCli.Ffmpeg("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-frames:v", "10",
            "-c:v", "libx264", "-preset", "veryfast", "-g", "5", "-f", "h264", h264);
        VideoCli.Ffmpeg("-i", h264, "-c", "copy", mp4);
        var annexB = File.ReadAllBytes(h264);
        var container = File.ReadAllBytes(mp4);

        var avcc = new byte[AnnexBToAvcc.MeasureConverted(annexB)];
        AnnexBToAvcc.Convert(annexB, avcc);
        Assert.True(avcc.AsSpan().SequenceEqual(Mp4BoxPayload(container, "mdat")), "AVCC differs from the MP4 samples");

        Assert.True(H264ParameterSets.TryBuildRecordFromAnnexB(annexB, out var avcC));
        Assert.Equal(Convert.ToHexString(Mp4BoxPayload(container, "avcC")), Convert.ToHexString(avcC));

        Assert.True(AvcDecoderConfigurationRecord.TryParse(avcC, out var record));
        Assert.True(H264SequenceParameterSet.TryParse(record.SequenceParameterSets[0].Span, out var sps));
        Assert.Equal((320, 240), (sps.Width, sps.Height));
    }

    /// <summary>Payload of the first box of that type, found by its four-character code (enough for ffmpeg's small files).</summary>
    private static ReadOnlySpan<byte> Mp4BoxPayload(byte[] file, string type)
    {
        var at = file.AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(type));
        Assert.True(at >= 4, $"no {type} box");
        var size = (int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at - 4));
        return file.AsSpan(at + 4, size - 8);
    }
}
