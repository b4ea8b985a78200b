using InteropGateway.Adapters.WebRtc.Rtp;
using InteropGateway.Adapters.WebRtc.Rtp.Interceptors;
using InteropGateway.Adapters.WebRtc.Rtp.Rtcp;
using InteropGateway.Codecs.Media;

namespace InteropGateway.Tests.WebRtc;

/// <summary>
/// A/V sync on ingest: a sender captures audio and video on one clock, but its video reaches us
/// 70 ms after capture and its audio 15 ms after. Mapped by arrival, the tracks are 55 ms apart;
/// once each track's sender report is in, frames captured together get the same core time.
/// </summary>
public class SenderClockAlignmentTests
{
    private const ulong SenderNtpAtCapture0 = 0xE8000000_00000000; // any NTP time
    private const uint VideoRtpAtCapture0 = uint.MaxValue - 40_000; // wraps during the test
    private const uint AudioRtpAtCapture0 = 123_456_789;
    private const long VideoDelay = 70 * Timebase.TicksPerMillisecond;
    private const long AudioDelay = 15 * Timebase.TicksPerMillisecond;
    private const long AudioFrameTicks = 20 * Timebase.TicksPerMillisecond;

    private sealed class Track(RtpTimestampMapper clock, IRtpDepacketizer depacketizer) : IDisposable
    {
        public RtpTimestampMapper Clock => clock;
        public RtpFrameCollector Frames { get; } = new();
        public RtpPacketRecorder Packets { get; } = new();

        /// <summary>Feeds the recorded packets (one capture's) to the depacketizer, then forgets them.</summary>
        public void Deliver()
        {
            var sink = new DepacketizingSink(depacketizer, Frames);
            foreach (var packet in Packets.Packets)
                sink.OnRtpPacket(packet);
            Packets.Packets.Clear();
        }

        public void Dispose()
        {
            Frames.Dispose();
            depacketizer.Dispose();
        }
    }

    private static RtcpSenderReport Report(uint ssrc, long captureTicks, uint rtpAtCapture0, int clockRate) => new(
        ssrc,
        SenderNtpAtCapture0 + (ulong)((Int128)captureTicks * (1L << 32) / Timebase.TicksPerSecond),
        unchecked(rtpAtCapture0 + (uint)(captureTicks * clockRate / Timebase.TicksPerSecond)),
        0, 0);

    [Theory]
    [InlineData(true)]  // audio's report first: video must move back 55 ms without going backwards
    [InlineData(false)] // video's report first: audio moves forward 55 ms
    public void SenderReportsAlignFramesCapturedTogetherWithinAMillisecond(bool audioReportsFirst)
    {
        var clip = RtpTestMedia.H264;
        long now = 0; // our arrival clock, core ticks
        var alignment = new SenderClockAlignment(() => now);
        var videoMapper = new RtpTimestampMapper(90_000, () => now);
        var audioMapper = new RtpTimestampMapper(48_000, () => now);
        using var videoTrack = new Track(videoMapper, new H264Depacketizer(videoMapper));
        using var audioTrack = new Track(audioMapper, new OpusDepacketizer(audioMapper, 2));
        var videoPacketizer = new H264Packetizer(new RtpStreamState(0x1111, 96, timestampOffset: VideoRtpAtCapture0));
        var audioPacketizer = new OpusPacketizer(new RtpStreamState(0x2222, 111, timestampOffset: AudioRtpAtCapture0));
        // Reports travel like their media: sent at capture time t, they arrive one delay later.
        var audioReportAt = (audioReportsFirst ? 1000 : 1100) * Timebase.TicksPerMillisecond; // arrives at 1015 or 1115 ms
        var videoReportAt = (audioReportsFirst ? 1010 : 1000) * Timebase.TicksPerMillisecond; // arrives at 1080 or 1070 ms

        // Walk our clock in 1 ms steps over 2 s of capture: each packet and report is delivered when it arrives.
        var videoCaptures = new List<long>();
        var audioCaptures = new List<long>();
        byte[] opus = [0xFC, 1, 2, 3];
        for (now = 0; now < 2000 * Timebase.TicksPerMillisecond; now += Timebase.TicksPerMillisecond)
        {
            var videoCapture = now - VideoDelay;
            if (videoCapture >= 0 && videoCapture % RtpTestMedia.FrameTicks == 0 && videoCapture / RtpTestMedia.FrameTicks < clip.AccessUnits.Count)
            {
                videoPacketizer.Packetize(clip.AccessUnits[(int)(videoCapture / RtpTestMedia.FrameTicks)], clip.Track, videoCapture, videoTrack.Packets);
                videoTrack.Deliver();
                videoCaptures.Add(videoCapture);
            }
            var audioCapture = now - AudioDelay;
            if (audioCapture >= 0 && audioCapture % AudioFrameTicks == 0)
            {
                audioPacketizer.Packetize(opus, audioCapture, audioTrack.Packets);
                audioTrack.Deliver();
                audioCaptures.Add(audioCapture);
            }
            if (now == audioReportAt + AudioDelay)
                alignment.OnSenderReport(audioMapper, Report(0x2222, audioReportAt, AudioRtpAtCapture0, 48_000));
            if (now == videoReportAt + VideoDelay)
                alignment.OnSenderReport(videoMapper, Report(0x1111, videoReportAt, VideoRtpAtCapture0, 90_000));
        }

        var videoPts = videoTrack.Frames.Frames.Select(f => f.Pts).ToList();
        var audioPts = audioTrack.Frames.Frames.Select(f => f.Pts).ToList();
        Assert.Equal(videoCaptures.Count, videoPts.Count);
        Assert.Equal(audioCaptures.Count, audioPts.Count);
        // Never backwards, on either track, through the switch.
        Assert.All(videoPts.Zip(videoPts.Skip(1)), pair => Assert.True(pair.Second > pair.First, $"video went from {pair.First} to {pair.Second}"));
        Assert.All(audioPts.Zip(audioPts.Skip(1)), pair => Assert.True(pair.Second > pair.First, $"audio went from {pair.First} to {pair.Second}"));

        long VideoAt(long capture) => videoPts[videoCaptures.IndexOf(capture)];
        long AudioAt(long capture) => audioPts[audioCaptures.IndexOf(capture)];
        // Before any report: by arrival, 55 ms apart.
        Assert.Equal(VideoDelay - AudioDelay, VideoAt(400 * 90) - AudioAt(400 * 90));
        // After both reports (and video's catch-up of a frame or two): together within 1 ms.
        foreach (var capture in new long[] { 1200, 1400, 1600, 1800 }.Select(ms => ms * Timebase.TicksPerMillisecond))
            Assert.InRange(VideoAt(capture) - AudioAt(capture), -Timebase.TicksPerMillisecond, Timebase.TicksPerMillisecond);
    }
}

/// <summary>The re-pinning rules on their own, in exact ticks.</summary>
public class RtpTimestampMapperTests
{
    [Fact]
    public void A_mapping_moved_back_holds_frames_a_millisecond_apart_until_it_catches_up()
    {
        var mapper = new RtpTimestampMapper(90_000);
        Assert.Equal([0L, 3600L, 7200L], new uint[] { 0, 3600, 7200 }.Select(mapper.ToTicks));
        Assert.Equal(7200L, mapper.ToTicks(7200)); // more packets of the same frame: the same time
        mapper.Anchor(7200, 7200 - 3555); // 39.5 ms back
        // 10800 maps to 7245 now: 0.5 ms after the last frame, so held to 1 ms after it; 14400 is past.
        Assert.Equal([7290L, 7290L, 10845L], new uint[] { 10800, 10800, 14400 }.Select(mapper.ToTicks));
        Assert.Equal(14445L, mapper.Peek(18000));
    }

    [Fact]
    public void Later_reports_re_pin_a_track_only_when_it_has_drifted_past_the_tolerance()
    {
        var alignment = new SenderClockAlignment(() => 0);
        var mapper = new RtpTimestampMapper(90_000, () => 1000);
        mapper.ToTicks(50_000);
        const ulong oneSecond = 1UL << 32;
        // The first report pins where arrival put the track: no move.
        Assert.Equal(0, alignment.OnSenderReport(mapper, new(1, 10 * oneSecond, 50_000, 0, 0)));
        Assert.True(mapper.IsAnchored);
        // One second later on the sender's wall clock, its RTP clock says 1.003 s: within tolerance, ignored.
        Assert.Equal(0, alignment.OnSenderReport(mapper, new(1, 11 * oneSecond, 50_000 + 90_270, 0, 0)));
        Assert.Equal(1000 + 90_000L, mapper.Peek(50_000 + 90_000));
        // 1.03 s: a 30 ms drift, re-pinned.
        Assert.Equal(-2700, alignment.OnSenderReport(mapper, new(1, 11 * oneSecond, 50_000 + 92_700, 0, 0)));
        Assert.Equal(1000 + 90_000L, mapper.Peek(50_000 + 92_700));
    }
}
