using InteropGateway.Adapters.WebRtc.Rtp;
using InteropGateway.Codecs.Bitstream;
using InteropGateway.Codecs.Media;

namespace InteropGateway.Tests.WebRtc;

public class RtpOpusTests
{
    [Fact]
    public void OpusPacketsRoundTripWith48kHzTimestamps()
    {
        var track = OpusDepacketizer.CreateTrack();
        Assert.True(OpusHead.TryParse(track.Extradata.Span, out var head));
        Assert.Equal(2, head.Channels);

        var packetizer = new OpusPacketizer(new RtpStreamState(7, 111, initialSequenceNumber: 65535, timestampOffset: uint.MaxValue - 1000));
        var wire = new RtpPacketRecorder();
        for (var i = 0; i < 5; i++)
            packetizer.Packetize([0xFC, (byte)i, 0xAA], i * 1800L, wire); // 20 ms frames
        Assert.Equal(5, wire.Packets.Count);

        using var depacketizer = new OpusDepacketizer();
        using var frames = new RtpFrameCollector();
        uint? firstTimestamp = null;
        foreach (var bytes in wire.Packets)
        {
            Assert.True(RtpPacket.TryParse(bytes, out var packet));
            firstTimestamp ??= packet.Timestamp;
            Assert.Equal(unchecked(firstTimestamp.Value + 960u * (uint)(wire.Packets.IndexOf(bytes))), packet.Timestamp);
            Assert.Equal(DepacketizerEvents.FrameEmitted, depacketizer.Push(packet, frames));
        }
        Assert.Equal(5, frames.Frames.Count);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(new byte[] { 0xFC, (byte)i, 0xAA }, frames.Frames[i].Payload.ToArray());
            Assert.Equal(i * 1800L, frames.Frames[i].Pts);
            Assert.Equal(CodecId.Opus, frames.Frames[i].Codec);
        }
    }
}
