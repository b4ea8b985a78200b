using InteropGateway.Adapters.WebRtc.Rtp;
using InteropGateway.Adapters.WebRtc.Rtp.Interceptors;
using InteropGateway.Adapters.WebRtc.Rtp.Rtcp;

namespace InteropGateway.Tests.WebRtc;

/// <summary>
/// The periodic reports: receiver statistics per RFC 3550 appendix A.1/A.3/A.8 worked out by hand,
/// LSR/DLSR, and sender reports whose NTP/RTP pair comes from the clock that stamps the RTP.
/// </summary>
public class RtcpReportTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    [Fact]
    public void LossCountsAcrossTheSequenceWrapWithDuplicatesAndAFractionPerInterval()
    {
        var statistics = new RtpReceptionStatistics();
        // 65530..65535, then 0 and 1 lost, 2..9, and 5 again (a duplicate counts as received).
        ushort[] first = [65530, 65531, 65532, 65533, 65534, 65535, 2, 3, 4, 5, 6, 7, 8, 9, 5];
        foreach (var sequence in first)
            statistics.OnPacket(0xAABBCCDD, sequence, 0, 0);
        var report = statistics.Report(0, 0);
        // expected = 65545 - 65530 + 1 = 16, received 15: cumulative 1; fraction (1 << 8) / 16 = 16.
        Assert.Equal((0xAABBCCDDu, (byte)16, 1, 0x00010009u), (report.Ssrc, report.FractionLost, report.CumulativeLost, report.HighestSequenceNumber));

        foreach (ushort sequence in new ushort[] { 10, 11, 14, 15, 16, 17 })
            statistics.OnPacket(0xAABBCCDD, sequence, 0, 0);
        report = statistics.Report(0, 0);
        // This interval: 8 expected, 6 received: (2 << 8) / 8 = 64; in all 3 lost.
        Assert.Equal(((byte)64, 3, 0x00010011u), (report.FractionLost, report.CumulativeLost, report.HighestSequenceNumber));

        report = statistics.Report(0, 0);
        Assert.Equal((byte)0, report.FractionLost); // nothing expected in an empty interval
    }

    [Fact]
    public void ALargeJumpIsARestartOnlyWhenTheNextPacketFollowsIt()
    {
        var statistics = new RtpReceptionStatistics();
        for (ushort sequence = 100; sequence < 110; sequence++)
            statistics.OnPacket(1, sequence, 0, 0);
        statistics.OnPacket(1, 20_000, 0, 0); // a stray: not counted, the maximum stays
        Assert.Equal((10L, 109u), (statistics.Received, statistics.ExtendedHighestSequence));
        statistics.OnPacket(1, 110, 0, 0);
        statistics.OnPacket(1, 30_000, 0, 0);
        statistics.OnPacket(1, 30_001, 0, 0); // follows on: the sender restarted its numbering
        Assert.Equal((1L, 30_001u, 1L), (statistics.Received, statistics.ExtendedHighestSequence, statistics.Expected));
    }

    [Fact]
    public void JitterFollowsTheA8Estimator()
    {
        var statistics = new RtpReceptionStatistics();
        // Transit times 1000, 1000, 1300, 900: D = 0, 300, 400.
        // J*16: 0, then 300 - 0 = 300, then 300 + 400 - ((300 + 8) >> 4) = 681, reported as 681 >> 4 = 42
        // (the floating-point form: 300/16 = 18.75, then 18.75 + (400 - 18.75)/16 = 42.58).
        uint[] timestamps = [0, 3000, 6000, 9000];
        long[] arrivals = [1000, 4000, 7300, 9900];
        for (var i = 0; i < timestamps.Length; i++)
            statistics.OnPacket(7, (ushort)i, timestamps[i], arrivals[i]);
        Assert.Equal(42u, statistics.Jitter);
        Assert.Equal(42u, statistics.Report(0, 0).Jitter);
    }

    [Fact]
    public void JitterIsZeroForPerfectPacingAcrossTheTimestampWrap()
    {
        var statistics = new RtpReceptionStatistics();
        for (var i = 0; i < 20; i++)
            statistics.OnPacket(7, (ushort)i, unchecked(uint.MaxValue - 5000u + (uint)(i * 960)), 1_000_000 + i * 960L);
        Assert.Equal(0u, statistics.Jitter);
    }

    [Fact]
    public void ReceiverReportBlockEchoesTheLastSenderReportWithTheDelaySinceIt()
    {
        var time = new ManualTimeProvider();
        var clock = new RtcpClock(time);
        var next = new RtpPacketRecorder();
        var reporter = new ReceiverReporter(90_000, clock, next);
        Assert.False(reporter.TryCreateReport(out _)); // nothing received: no block

        var packet = TestPackets.Rtp(sequence: 0x1234, timestamp: 90_000, ssrc: 0x11223344);
        reporter.OnRtpPacket(packet);
        Assert.Single(next.Packets); // it watches, it passes everything on
        Assert.False(reporter.OnSenderReport(new RtcpSenderReport(0x99999999, 0x0102030405060708, 0, 0, 0))); // another source's
        Assert.True(reporter.OnSenderReport(new RtcpSenderReport(0x11223344, 0x0102030405060708, 90_000, 1, 100)));
        time.Advance(TimeSpan.FromMilliseconds(1500));
        Assert.True(reporter.TryCreateReport(out var block));

        var bytes = new byte[RtcpReceiverReport.Measure(1)];
        RtcpReceiverReport.Write(bytes, 0x5EED5EED, [block]);
        // LSR: the middle 32 bits of the SR's NTP time; DLSR: 1.5 s in 1/65536 s = 98304 = 0x18000.
        Assert.Equal(Hex("81C90007 5EED5EED 11223344 00000000 00001234 00000000 03040506 00018000"), bytes);
    }

    [Fact]
    public void SenderReportCountsPacketsAndPayloadOctetsAndCarriesTheGivenTimes()
    {
        var wire = new RtpPacketRecorder();
        var reporter = new SenderReporter(0x01020304, wire);
        Assert.False(reporter.HasSent);
        foreach (var payload in new[] { 100, 200, 50 })
            reporter.OnRtpPacket(TestPackets.Rtp(1, ssrc: 0x01020304, payloadLength: payload));
        Assert.Equal(3, wire.Packets.Count);
        Assert.True(reporter.HasSent);

        var bytes = new byte[RtcpSenderReport.Measure(0)];
        Assert.Equal(28, reporter.WriteReport(bytes, 0xE1000000_80000000, 0x0A0B0C0D));
        Assert.Equal(Hex("80C80006 01020304 E1000000 80000000 0A0B0C0D 00000003 0000015E"), bytes);
    }

    [Fact]
    public void RtcpClockReadsTheMonotonicClockAsNtpTime()
    {
        var time = new ManualTimeProvider();
        var clock = new RtcpClock(time);
        var start = clock.Now();
        var ntpStart = clock.NtpAt(start);
        Assert.InRange((long)(ntpStart >> 32) - (long)(RtcpSenderReport.ToNtp(DateTimeOffset.UtcNow) >> 32), -2, 0);
        time.Advance(TimeSpan.FromMilliseconds(2250));
        Assert.Equal(0x2_4000_0000UL, clock.NtpAt(clock.Now()) - ntpStart); // 2.25 s in 32.32 fixed point
        Assert.Equal(2250 * 90, clock.CoreTicksAt(clock.Now()));
    }

    [Fact]
    public void AudioAndVideoSenderReportsMapNtpToRtpThroughTheClockThatStampedTheRtp()
    {
        var time = new ManualTimeProvider();
        var clock = new RtcpClock(time);
        var media = new OutgoingMediaClock();
        var video = new H264Packetizer(new RtpStreamState(1, 96, timestampOffset: 1000));
        var audio = new OpusPacketizer(new RtpStreamState(2, 111, timestampOffset: 7));
        // A GOP cache burst at the start: four frames of older media at the same instant, then live
        // frames arriving late or on time. The live edge (pts 450_000 at 0.2 s) sets the relation.
        foreach (var pts in new long[] { 400_000, 410_000, 420_000, 430_000 })
            media.OnFrameSent(pts, clock.CoreTicksAt(clock.Now()));
        time.Advance(TimeSpan.FromMilliseconds(200));
        media.OnFrameSent(450_000, clock.CoreTicksAt(clock.Now()));
        time.Advance(TimeSpan.FromMilliseconds(100));
        media.OnFrameSent(455_000, clock.CoreTicksAt(clock.Now())); // 44 ms behind the live edge: ignored

        time.Advance(TimeSpan.FromMilliseconds(500));
        var now = clock.CoreTicksAt(clock.Now());
        var sending = media.MediaTicksAt(now);
        Assert.Equal(450_000 + 600 * 90, sending);
        // Both SRs say: at this NTP instant, the stream is at core time `sending`, in each track's RTP units.
        Assert.Equal(1000u + 504_000u, video.RtpTimestampOf(sending));
        Assert.Equal(7u + 504_000u * 48 / 90, audio.RtpTimestampOf(sending));
    }

    [Theory]
    [InlineData(0.0, 500)]
    [InlineData(0.5, 1000)]
    [InlineData(0.999, 1499)]
    public void ReportsAreAboutOneSecondApartRandomizedHalfToOneAndAHalf(double uniform, int milliseconds)
    {
        Assert.Equal(milliseconds, (int)RtcpInterval.Next(uniform).TotalMilliseconds);
        for (var i = 0; i < 100; i++)
            Assert.InRange(RtcpInterval.Next(), TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(1500));
    }
}
