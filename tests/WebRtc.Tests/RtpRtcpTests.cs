using InteropGateway.Adapters.WebRtc.Rtp.Rtcp;

namespace InteropGateway.Tests.WebRtc;

/// <summary>RTCP write/parse against bytes worked out by hand from RFC 3550, 4585 and 5104.</summary>
public class RtpRtcpTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    private static RtcpPacketView Single(byte[] bytes, out RtcpCompoundEnumerator enumerator)
    {
        enumerator = new RtcpCompoundEnumerator(bytes);
        Assert.True(enumerator.MoveNext());
        return enumerator.Current;
    }

    [Fact]
    public void PictureLossIndication()
    {
        var bytes = new byte[RtcpPictureLossIndication.Size];
        RtcpPictureLossIndication.Write(bytes, 0x11111111, 0x22222222);
        Assert.Equal(Hex("81CE0002 11111111 22222222"), bytes);
        Assert.True(RtcpPictureLossIndication.TryParse(Single(bytes, out _), out var header));
        Assert.Equal(new RtcpFeedbackHeader(0x11111111, 0x22222222), header);
    }

    [Fact]
    public void FullIntraRequest()
    {
        var bytes = new byte[RtcpFullIntraRequest.Size];
        RtcpFullIntraRequest.Write(bytes, 0x11111111, 0x22222222, 5);
        Assert.Equal(Hex("84CE0004 11111111 00000000 22222222 05000000"), bytes);
        Assert.True(RtcpFullIntraRequest.TryParse(Single(bytes, out _), out var sender, out var media, out var sequence));
        Assert.Equal((0x11111111u, 0x22222222u, (byte)5), (sender, media, sequence));
        Assert.False(RtcpPictureLossIndication.TryParse(Single(bytes, out _), out _)); // same PT, other FMT
    }

    [Fact]
    public void GenericNackPacksNeighboursIntoTheBitmask()
    {
        var bytes = new byte[RtcpGenericNack.MeasureMax(5)];
        var length = RtcpGenericNack.Write(bytes, 0x11111111, 0x22222222, [1000, 1001, 1005, 1017, 1020]);
        Assert.Equal(Hex("81CD0004 11111111 22222222 03E80011 03F90004"), bytes[..length]);
        Assert.True(RtcpGenericNack.TryParse(Single(bytes[..length], out _), out var header, out var lost));
        Assert.Equal(0x22222222u, header.MediaSsrc);
        var numbers = new List<ushort>();
        foreach (var sequence in lost)
            numbers.Add(sequence);
        Assert.Equal([1000, 1001, 1005, 1017, 1020], numbers);
    }

    [Fact]
    public void GenericNackWithEveryBitSetEndsAfterEachEntry()
    {
        // 17 and 40 consecutive losses: entries whose last BLP bit is set. Reading them once used to
        // start the same entry over without end, and froze the media port resending packets.
        foreach (var count in new[] { 17, 40 })
        {
            var expected = Enumerable.Range(100, count).Select(n => (ushort)n).ToArray();
            var bytes = new byte[RtcpGenericNack.MeasureMax(count)];
            var length = RtcpGenericNack.Write(bytes, 1, 2, expected);
            Assert.True(RtcpGenericNack.TryParse(Single(bytes[..length], out _), out _, out var lost));
            var numbers = new List<ushort>();
            foreach (var sequence in lost)
            {
                numbers.Add(sequence);
                Assert.True(numbers.Count <= count, $"read more than the {count} lost packets: {string.Join(",", numbers)}");
            }
            Assert.Equal(expected, numbers);
        }
    }

    [Fact]
    public void GenericNackAcrossTheSequenceWrap()
    {
        var bytes = new byte[RtcpGenericNack.MeasureMax(3)];
        var length = RtcpGenericNack.Write(bytes, 1, 2, [65534, 65535, 1]);
        Assert.Equal(Hex("81CD0003 00000001 00000002 FFFE0005"), bytes[..length]);
    }

    [Fact]
    public void SenderReport()
    {
        var report = new RtcpSenderReport(0x01020304, 0x0102030405060708, 0x0A0B0C0D, 100, 1000);
        var bytes = new byte[RtcpSenderReport.Measure(0)];
        report.Write(bytes);
        Assert.Equal(Hex("80C80006 01020304 01020304 05060708 0A0B0C0D 00000064 000003E8"), bytes);
        Assert.True(RtcpSenderReport.TryParse(Single(bytes, out _), out var parsed, out var blocks));
        Assert.Equal(report, parsed);
        Assert.True(blocks.IsEmpty);
        Assert.Equal(0x03040506u, parsed.CompactNtp);
    }

    [Fact]
    public void ReceiverReportWithNegativeCumulativeLoss()
    {
        var block = new RtcpReceptionReport(0xAABBCCDD, 0x40, -1, 0x00010005, 0x20, 0x12345678, 0x00010000);
        var bytes = new byte[RtcpReceiverReport.Measure(1)];
        RtcpReceiverReport.Write(bytes, 0x01020304, [block]);
        Assert.Equal(Hex("81C90007 01020304 AABBCCDD 40FFFFFF 00010005 00000020 12345678 00010000"), bytes);
        Assert.True(RtcpReceiverReport.TryParse(Single(bytes, out _), out var reporter, out var blocks));
        Assert.Equal(0x01020304u, reporter);
        Assert.Equal(block, RtcpReceptionReport.Read(blocks));
    }

    [Fact]
    public void SdesCnameAndByeInOneCompoundPacket()
    {
        var bytes = new byte[RtcpSourceDescription.Measure("gw") + RtcpGoodbye.Measure(1)];
        var length = RtcpSourceDescription.WriteCname(bytes, 0x01020304, "gw");
        length += RtcpGoodbye.Write(bytes.AsSpan(length), [0x01020304]);
        Assert.Equal(Hex("81CA0003 01020304 01026777 00000000 81CB0001 01020304"), bytes[..length]);

        var packets = new RtcpCompoundEnumerator(bytes);
        Assert.True(packets.MoveNext());
        Assert.True(RtcpSourceDescription.TryReadCname(packets.Current, out var ssrc, out var cname));
        Assert.Equal((0x01020304u, "gw"), (ssrc, cname));
        Assert.True(packets.MoveNext());
        Assert.True(RtcpGoodbye.TryParse(packets.Current, out var leaving));
        Assert.Equal(Hex("01020304"), leaving.ToArray());
        Assert.False(packets.MoveNext());
        Assert.False(packets.IsMalformed);
    }

    [Fact]
    public void ALengthPastTheEndIsMalformed()
    {
        var packets = new RtcpCompoundEnumerator(Hex("81CE0009 11111111 22222222"));
        Assert.False(packets.MoveNext());
        Assert.True(packets.IsMalformed);
    }

    [Theory]
    [InlineData("80C8", true)]
    [InlineData("80C9", true)]
    [InlineData("8060", false)] // RTP, payload type 96
    [InlineData("80E0", false)] // RTP with marker, payload type 96
    public void RtcpIsToldApartFromMuxedRtp(string firstBytes, bool isRtcp) =>
        Assert.Equal(isRtcp, RtcpPacketType.IsRtcp(Hex(firstBytes)));
}
