using InteropGateway.Adapters.WebRtc.Rtp;
using InteropGateway.Codecs.Bitstream;
using InteropGateway.Codecs.Media;

namespace InteropGateway.Tests.WebRtc;

public class RtpH264Tests
{
    private static List<byte[]> Packetize(int maxPayloadSize = H264Packetizer.DefaultMaxPayloadSize)
    {
        var clip = RtpTestMedia.H264;
        var packetizer = new H264Packetizer(new RtpStreamState(0x11223344, 96, initialSequenceNumber: 65500, timestampOffset: 0xFFFF0000), maxPayloadSize);
        var recorder = new RtpPacketRecorder();
        for (var i = 0; i < clip.AccessUnits.Count; i++)
            packetizer.Packetize(clip.AccessUnits[i], clip.Track, i * RtpTestMedia.FrameTicks, recorder);
        return recorder.Packets;
    }

    private static DepacketizerEvents Depacketize(IEnumerable<byte[]> packets, H264Depacketizer depacketizer, RtpFrameCollector frames)
    {
        var events = DepacketizerEvents.None;
        foreach (var bytes in packets)
        {
            Assert.True(RtpPacket.TryParse(bytes, out var packet));
            events |= depacketizer.Push(packet, frames);
        }
        return events;
    }

    [Fact]
    public void PacketizeThenDepacketizeIsByteIdentical()
    {
        var clip = RtpTestMedia.H264;
        var packets = Packetize();
        using var depacketizer = new H264Depacketizer();
        using var frames = new RtpFrameCollector();
        var events = Depacketize(packets, depacketizer, frames);

        Assert.True(events.HasFlag(DepacketizerEvents.TrackChanged));
        Assert.False(events.HasFlag(DepacketizerEvents.NeedKeyframe));
        Assert.Equal(clip.AccessUnits.Count, frames.Frames.Count);
        for (var i = 0; i < frames.Frames.Count; i++)
        {
            var frame = frames.Frames[i];
            Assert.True(clip.AccessUnits[i].AsSpan().SequenceEqual(frame.Payload.Span), $"access unit {i} differs");
            Assert.Equal(i * RtpTestMedia.FrameTicks, frame.Pts);
            Assert.Equal(frame.Pts, frame.Dts);
            Assert.Equal(clip.Keyframes[i], frame.IsKeyframe);
        }
        // Parameter sets carried in band (STAP-A) come back as the same avcC, in one TrackConfig.
        Assert.Equal(clip.Track.Extradata.ToArray(), depacketizer.Track!.Extradata.ToArray());
        Assert.Equal((640, 360), (depacketizer.Track.Width, depacketizer.Track.Height));
        Assert.All(frames.Frames, f => Assert.Same(depacketizer.Track, f.Track));
    }

    [Fact]
    public void PacketsRespectTheMtuAndMarkTheLastPacketOfEachAccessUnit()
    {
        var clip = RtpTestMedia.H264;
        var packets = Packetize(maxPayloadSize: 1000);
        using var depacketizer = new H264Depacketizer();
        using var frames = new RtpFrameCollector();
        Depacketize(packets, depacketizer, frames);
        Assert.Equal(clip.AccessUnits.Count, frames.Frames.Count);

        var markers = 0;
        ushort? previous = null;
        var sawFuA = false;
        var sawStapA = false;
        foreach (var bytes in packets)
        {
            Assert.True(bytes.Length <= RtpHeader.FixedSize + 1000);
            RtpPacket.TryParse(bytes, out var packet);
            if (previous is { } p)
                Assert.Equal((ushort)(p + 1), packet.SequenceNumber); // wraps past 65535
            previous = packet.SequenceNumber;
            markers += packet.Marker ? 1 : 0;
            sawFuA |= (packet.Payload[0] & 0x1F) == 28;
            if ((packet.Payload[0] & 0x1F) == 24)
            {
                sawStapA = true;
                Assert.Equal((byte)H264NalUnitType.Sps, (byte)(packet.Payload[3] & 0x1F));
            }
            Assert.NotEqual((int)H264NalUnitType.AccessUnitDelimiter, packet.Payload[0] & 0x1F);
        }
        Assert.Equal(clip.AccessUnits.Count, markers);
        Assert.True(sawFuA && sawStapA);
        // One STAP-A of SPS+PPS before each of the IDRs.
        Assert.Equal(clip.Keyframes.Count(k => k), packets.Count(b => (b[RtpHeader.FixedSize] & 0x1F) == 24));
    }

    [Fact]
    public void LossDropsFramesUntilTheNextIdrAndAsksForOne()
    {
        var clip = RtpTestMedia.H264;
        var packets = Packetize();
        // Lose one packet of access unit 3 (a P-frame in the first GOP of 10).
        var timestampOf3 = unchecked(0xFFFF0000 + 3u * RtpTestMedia.FrameTicks);
        var lost = packets.FindIndex(b => RtpPacket.TryParse(b, out var p) && p.Timestamp == timestampOf3);
        packets.RemoveAt(lost);

        using var depacketizer = new H264Depacketizer();
        using var frames = new RtpFrameCollector();
        var events = Depacketize(packets, depacketizer, frames);

        Assert.True(events.HasFlag(DepacketizerEvents.NeedKeyframe));
        Assert.True(events.HasFlag(DepacketizerEvents.FrameDropped));
        var received = frames.Frames.Select(f => (int)(f.Pts / RtpTestMedia.FrameTicks)).ToList();
        Assert.Equal([0, 1, 2], received.Take(3));
        Assert.Equal(10, received[3]); // frames 3..9 were dropped: 3 is broken, 4..9 reference it
        Assert.Equal(clip.AccessUnits.Count - 7, received.Count);
        Assert.Equal(7, depacketizer.FramesDropped);
    }

    [Fact]
    public void StreamJoinedMidGopWaitsForTheFirstIdr()
    {
        var packets = Packetize();
        var timestampOf12 = unchecked(0xFFFF0000 + 12u * RtpTestMedia.FrameTicks);
        var start = packets.FindIndex(b => RtpPacket.TryParse(b, out var p) && p.Timestamp == timestampOf12);
        using var depacketizer = new H264Depacketizer();
        using var frames = new RtpFrameCollector();
        var events = Depacketize(packets.Skip(start), depacketizer, frames);
        Assert.True(events.HasFlag(DepacketizerEvents.NeedKeyframe));
        Assert.True(frames.Frames[0].IsKeyframe);
        Assert.Equal(20 * RtpTestMedia.FrameTicks - 12 * RtpTestMedia.FrameTicks, frames.Frames[0].Pts);
    }

    [Fact]
    public void MalformedPayloadsBreakTheFrameInsteadOfThrowing()
    {
        using var depacketizer = new H264Depacketizer();
        using var frames = new RtpFrameCollector();
        var buffer = new byte[64];
        // STAP-A claiming more bytes than it has; FU-A end without start; interleaved-mode types.
        byte[][] payloads = [[0x18, 0x00, 0x30, 0x67], [0x7C, 0x45, 0x01, 0x02], [0x1A, 0x00], [0x1D, 0x80, 0x00], []];
        ushort sequence = 1;
        foreach (var payload in payloads)
        {
            var length = RtpPacketWriter.Write(buffer, new RtpHeader(96, sequence++, 1000, 1, marker: true), payload);
            Assert.True(RtpPacket.TryParse(buffer.AsSpan(0, length), out var packet));
            depacketizer.Push(packet, frames);
        }
        Assert.Empty(frames.Frames);
    }

    [Fact]
    public void ChangedParameterSetsMakeANewTrackConfigOnlyWhenTheyChange()
    {
        var clip = RtpTestMedia.H264;
        using var depacketizer = new H264Depacketizer();
        using var frames = new RtpFrameCollector();
        Depacketize(Packetize(), depacketizer, frames);
        var first = depacketizer.Track;
        Assert.Single(frames.Frames.Select(f => f.Track).Distinct()); // SPS/PPS repeated at every IDR: same config

        // Same picture, another level in the SPS: a new config.
        AvcDecoderConfigurationRecord.TryParse(clip.Track.Extradata, out var record);
        var sps = record.SequenceParameterSets[0].ToArray();
        sps[3] = 40;
        var changed = new TrackConfig(MediaKind.Video, CodecId.H264,
            AvcDecoderConfigurationRecord.Build([sps], [record.PictureParameterSets[0]]));
        var packetizer = new H264Packetizer(new RtpStreamState(1, 96, initialSequenceNumber: 100));
        var recorder = new RtpPacketRecorder();
        packetizer.Packetize(clip.AccessUnits[0], changed, 0, recorder);
        using var depacketizer2 = new H264Depacketizer();
        using var frames2 = new RtpFrameCollector();
        Assert.True(Depacketize(recorder.Packets, depacketizer2, frames2).HasFlag(DepacketizerEvents.TrackChanged));
        Assert.Equal(changed.Extradata.ToArray(), depacketizer2.Track!.Extradata.ToArray());
        Assert.NotNull(first);
    }
}
