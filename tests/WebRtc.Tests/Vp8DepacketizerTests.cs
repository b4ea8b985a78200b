using InteropGateway.Adapters.WebRtc.Rtp;
using InteropGateway.Adapters.WebRtc.Rtp.Interceptors;

namespace InteropGateway.Tests.WebRtc;

/// <summary>The RFC 7741 payload descriptor bit by bit, and what the depacketizer does with loss.</summary>
public class Vp8DepacketizerTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    [Theory]
    // X=0: one byte. S=1, partition 0: a frame starts.
    [InlineData("10 AA", false, true, 0, null, false, null, null, false, null, 1)]
    // N=1, S=0, partition 3.
    [InlineData("23 AA", true, false, 3, null, false, null, null, false, null, 1)]
    // X=1, I=1 with M=0: a 7-bit PictureID.
    [InlineData("90 80 7F AA", false, true, 0, 127, false, null, null, false, null, 3)]
    // X=1, I=1 with M=1: a 15-bit PictureID 0x1234 in two bytes.
    [InlineData("90 80 92 34 AA", false, true, 0, 0x1234, true, null, null, false, null, 4)]
    // X=1, I (15 bits) + L + T + K: TL0PICIDX 0x55, TID 2, Y=1, KEYIDX 7.
    [InlineData("90 F0 80 01 55 A7 AA", false, true, 0, 1, true, 0x55, 2, true, 7, 6)]
    // X=1, T only: TID 1, Y=0 (the KEYIDX bits are there but K is not set, so they mean nothing).
    [InlineData("80 20 5F AA", false, false, 0, null, false, null, 1, false, null, 3)]
    // X=1, K only: KEYIDX 31.
    [InlineData("80 10 1F AA", false, false, 0, null, false, null, null, false, 31, 3)]
    public void PayloadDescriptorFields(string hex, bool nonReference, bool start, int partition, int? pictureId, bool longPictureId,
        int? tl0PicIdx, int? temporalLayer, bool layerSync, int? keyIndex, int size)
    {
        Assert.True(Vp8PayloadDescriptor.TryParse(Hex(hex), out var descriptor));
        Assert.Equal(new Vp8PayloadDescriptor(nonReference, start, partition, pictureId, longPictureId,
            (byte?)tl0PicIdx, temporalLayer, layerSync, keyIndex, size), descriptor);
        Assert.Equal(start && partition == 0, descriptor.IsFrameStart);
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]             // a descriptor and no VP8 data
    [InlineData("90")]             // X=1 without its extension byte
    [InlineData("90 80")]          // I=1 without the PictureID
    [InlineData("90 80 92")]       // M=1: the second PictureID byte is missing
    [InlineData("90 80 92 34")]    // all there, but no data
    [InlineData("90 40")]          // L=1 without TL0PICIDX
    [InlineData("90 20")]          // T=1 without the TID byte
    public void TruncatedDescriptorsAreRejected(string hex) =>
        Assert.False(Vp8PayloadDescriptor.TryParse(Hex(hex), out _));

    // A 640x360 keyframe header (frame tag with P=0, start code, sizes) and an interframe tag (P=1).
    private static readonly byte[] Keyframe = Hex("100200 9D012A 8002 6801 0102030405060708090A");
    private static readonly byte[] Interframe = Hex("310100 0102030405060708090A0B0C0D0E");

    private sealed class Vp8Stream
    {
        private ushort _sequence = 65530; // wraps during the test
        private ushort _pictureId = 0x7FFE;

        public List<byte[]> Packets { get; } = [];

        /// <summary>A frame split in <paramref name="parts"/> packets, with a 15-bit PictureID (like Chrome and ffmpeg).</summary>
        public void Frame(byte[] frame, uint timestamp, int parts)
        {
            var chunk = (frame.Length + parts - 1) / parts;
            for (var i = 0; i < parts; i++)
            {
                var data = frame.AsSpan(i * chunk, Math.Min(chunk, frame.Length - i * chunk));
                byte[] descriptor = [(byte)(0x80 | (i == 0 ? 0x10 : 0)), 0x80, (byte)(0x80 | (_pictureId >> 8)), (byte)_pictureId];
                var packet = new byte[RtpHeader.FixedSize + descriptor.Length + data.Length];
                RtpPacketWriter.Write(packet, new RtpHeader(96, _sequence++, timestamp, 0x8888, marker: i == parts - 1), [.. descriptor, .. data]);
                Packets.Add(packet);
            }
            _pictureId = (ushort)((_pictureId + 1) & 0x7FFF);
        }
    }

    [Fact]
    public void PartitionsJoinIntoFramesWithTheKeyframeFlagAndPictureSize()
    {
        var stream = new Vp8Stream();
        stream.Frame(Keyframe, 3000, 3);
        stream.Frame(Interframe, 6000, 2);
        using var depacketizer = new Vp8Depacketizer();
        using var frames = new RtpFrameCollector();
        var sink = new DepacketizingSink(depacketizer, frames);
        foreach (var packet in stream.Packets)
            sink.OnRtpPacket(packet);

        Assert.Equal(2, frames.Frames.Count);
        Assert.Equal(Keyframe, frames.Frames[0].Payload.ToArray());
        Assert.Equal(Interframe, frames.Frames[1].Payload.ToArray());
        Assert.Equal([true, false], frames.Frames.Select(f => f.IsKeyframe));
        Assert.Equal((640, 360), (depacketizer.Track!.Width, depacketizer.Track.Height));
        Assert.Equal(3000, frames.Frames[1].Pts - frames.Frames[0].Pts);
        Assert.Equal(DepacketizerEvents.TrackChanged | DepacketizerEvents.FrameEmitted, sink.TakeEvents());
    }

    [Theory]
    [InlineData(6)]  // the middle packet of the second interframe: that frame is broken
    [InlineData(5)]  // its first packet: what follows starts with S=0
    [InlineData(7)]  // its last (marker) packet: the frame ends when the next one starts
    public void ALostPacketDropsFramesUntilTheNextKeyframe(int lostPacket)
    {
        var stream = new Vp8Stream();
        stream.Frame(Keyframe, 3000, 2);      // packets 0-1
        stream.Frame(Interframe, 6000, 3);    // 2-4
        stream.Frame(Interframe, 9000, 3);    // 5-7: loses one
        stream.Frame(Interframe, 12000, 2);   // 8-9: decodable only with the lost frame: dropped too
        stream.Frame(Keyframe, 15000, 2);     // 10-11: back
        stream.Frame(Interframe, 18000, 1);   // 12
        using var depacketizer = new Vp8Depacketizer();
        using var frames = new RtpFrameCollector();
        var sink = new DepacketizingSink(depacketizer, frames);
        var events = DepacketizerEvents.None;
        for (var i = 0; i < stream.Packets.Count; i++)
        {
            if (i != lostPacket)
                sink.OnRtpPacket(stream.Packets[i]);
            events |= sink.TakeEvents();
        }

        Assert.Equal([3000u, 6000u, 15000u, 18000u], frames.Frames.Select(f => (uint)(f.Pts + 3000)));
        Assert.Equal(2, depacketizer.FramesDropped);
        Assert.True(events.HasFlag(DepacketizerEvents.NeedKeyframe));
    }

    [Fact]
    public void AWholeLostFrameDropsTheFramesAfterItUntilAKeyframeButNotTheKeyframe()
    {
        var stream = new Vp8Stream();
        stream.Frame(Keyframe, 3000, 1);   // 0
        stream.Frame(Interframe, 6000, 1); // 1: lost entirely
        stream.Frame(Interframe, 9000, 1); // 2: refers to it: dropped
        stream.Frame(Keyframe, 12000, 1);  // 3
        stream.Frame(Keyframe, 15000, 1);  // 4: lost entirely; a keyframe after it still plays
        stream.Frame(Keyframe, 18000, 1);  // 5
        using var depacketizer = new Vp8Depacketizer();
        using var frames = new RtpFrameCollector();
        var sink = new DepacketizingSink(depacketizer, frames);
        foreach (var i in new[] { 0, 2, 3, 5 })
            sink.OnRtpPacket(stream.Packets[i]);
        Assert.Equal([3000u, 12000u, 18000u], frames.Frames.Select(f => (uint)(f.Pts + 3000)));
    }
}
