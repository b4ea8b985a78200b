using InteropGateway.Adapters.WebRtc.Rtp;
using InteropGateway.Adapters.WebRtc.Rtp.Interceptors;
using InteropGateway.Adapters.WebRtc.Rtp.Rtcp;

namespace InteropGateway.Tests.WebRtc;

public class RtpInterceptorTests
{
    private static byte[] Packet(ushort sequence, byte payloadByte = 0)
    {
        var buffer = new byte[RtpHeader.FixedSize + 4];
        RtpPacketWriter.Write(buffer, new RtpHeader(96, sequence, sequence * 10u, 0xABCD), [payloadByte, 1, 2, 3]);
        return buffer;
    }

    private static ushort SequenceOf(byte[] packet) => RtpHeader.ReadSequenceNumber(packet);

    [Fact]
    public void NackResponderRetransmitsExactlyTheRequestedPackets()
    {
        var clip = RtpTestMedia.H264;
        var wire = new RtpPacketRecorder();
        using var responder = new NackResponder(0xCAFE, wire, RtpSendHistory.VideoBytes, historySize: 64);
        var packetizer = new H264Packetizer(new RtpStreamState(0xCAFE, 96, initialSequenceNumber: 65500));
        for (var i = 0; i < clip.AccessUnits.Count; i++)
            packetizer.Packetize(clip.AccessUnits[i], clip.Track, i * RtpTestMedia.FrameTicks, responder);
        var sent = wire.Packets.ToList();
        Assert.True(sent.Count > 64);
        wire.Packets.Clear();

        // Ask for two recent packets, one that has left the 64-packet history, and one for another SSRC.
        var last = SequenceOf(sent[^1]);
        ushort[] wanted = [(ushort)(last - 5), (ushort)(last - 3)];
        var nack = new byte[64];
        var length = RtcpGenericNack.Write(nack, 1, 0xCAFE, [SequenceOf(sent[0]), wanted[0], wanted[1]]);
        var other = RtcpGenericNack.Write(nack.AsSpan(length), 1, 0xBEEF, [last]);
        var retransmitted = responder.HandleRtcp(nack.AsSpan(0, length + other));

        Assert.Equal(2, retransmitted);
        Assert.Equal(1, responder.PacketsNotFound);
        Assert.Equal(2, wire.Packets.Count);
        Assert.Equal(sent[^6], wire.Packets[0]);
        Assert.Equal(sent[^4], wire.Packets[1]);
    }

    [Fact]
    public void SendHistoryKeepsPacketsIntactWithinItsByteBudgetAndForgetsOlderOnes()
    {
        // 1,000-byte packets in a 4,096-byte ring: the last four fit (one wrap wastes the tail).
        using var history = new RtpSendHistory(capacity: 64, bytes: 4096);
        var packets = Enumerable.Range(0, 20).Select(i =>
        {
            var packet = new byte[1000];
            packet.AsSpan().Fill((byte)i);
            packet[0] = 0x80;
            packet[2] = 0;
            packet[3] = (byte)i; // sequence number i
            return packet;
        }).ToList();
        foreach (var packet in packets)
            history.Store(packet);

        var kept = Enumerable.Range(0, 20).Where(i => history.TryGet((ushort)i, out _)).ToList();
        Assert.Equal([16, 17, 18, 19], kept);
        foreach (var i in kept)
        {
            Assert.True(history.TryGet((ushort)i, out var stored));
            Assert.Equal(packets[i], stored.ToArray());
        }
        Assert.False(history.TryGet(20, out _)); // never sent
    }

    private static List<ushort> Requested(byte[] nack)
    {
        var packets = new RtcpCompoundEnumerator(nack);
        Assert.True(packets.MoveNext());
        Assert.True(RtcpGenericNack.TryParse(packets.Current, out var header, out var lost));
        Assert.Equal((0x5EEDu, 0xABCDu), (header.SenderSsrc, header.MediaSsrc));
        var numbers = new List<ushort>();
        foreach (var sequence in lost)
            numbers.Add(sequence);
        return numbers;
    }

    [Fact]
    public void NackRequesterAsksForGapsUntilTheyArriveOrRetriesRunOut()
    {
        long now = 0;
        var next = new RtpPacketRecorder();
        var rtcp = new RtpPacketRecorder();
        var requester = new NackRequester(0x5EED, next, () => now) { MaxRetries = 2, RetryIntervalMs = 30 };
        foreach (ushort sequence in new ushort[] { 65533, 65534, 1, 2, 5 })
            requester.OnRtpPacket(Packet(sequence));
        Assert.Equal(5, next.Packets.Count); // it watches, it does not hold back
        Assert.Equal(4, requester.MissingCount);

        Assert.Equal(4, requester.Poll(rtcp));
        Assert.Equal([65535, 0, 3, 4], Requested(rtcp.Packets[^1]));
        now += 10;
        Assert.Equal(0, requester.Poll(rtcp)); // too soon to ask again

        requester.OnRtpPacket(Packet(0)); // a retransmission
        now += 30;
        Assert.Equal(3, requester.Poll(rtcp));
        Assert.Equal([65535, 3, 4], Requested(rtcp.Packets[^1]));
        now += 30;
        Assert.Equal(0, requester.Poll(rtcp)); // two requests each: given up
        Assert.Equal(0, requester.MissingCount);
        Assert.Equal(2, rtcp.Packets.Count);
    }

    [Fact]
    public void ReorderBufferRestoresOrderAndGivesUpAGapAfterItsDelay()
    {
        long now = 0;
        var next = new RtpPacketRecorder();
        using var buffer = new RtpReorderBuffer(next, () => now, capacity: 8, maxDelayMs: 50);
        foreach (ushort sequence in new ushort[] { 100, 102, 101, 103, 105, 106 })
        {
            buffer.OnRtpPacket(Packet(sequence));
            now += 5;
        }
        Assert.Equal([100, 101, 102, 103], next.Packets.Select(SequenceOf));
        Assert.Equal(2, buffer.Waiting); // 105 and 106 wait for 104

        buffer.OnRtpPacket(Packet(101)); // a late duplicate is dropped
        Assert.Equal(1, buffer.PacketsLate);
        now += 50;
        buffer.Poll();
        Assert.Equal([100, 101, 102, 103, 105, 106], next.Packets.Select(SequenceOf));
        Assert.Equal(1, buffer.GapsSkipped);

        buffer.OnRtpPacket(Packet(104)); // arrives after it was given up: too late
        buffer.OnRtpPacket(Packet(107));
        Assert.Equal(107, SequenceOf(next.Packets[^1]));
    }

    [Fact]
    public void ReorderBufferReleasesWhenFull()
    {
        var next = new RtpPacketRecorder();
        using var buffer = new RtpReorderBuffer(next, () => 0, capacity: 8);
        buffer.OnRtpPacket(Packet(10));
        for (ushort sequence = 12; sequence < 20; sequence++)
            buffer.OnRtpPacket(Packet(sequence));
        Assert.Equal([10, 12, 13, 14, 15, 16, 17, 18, 19], next.Packets.Select(SequenceOf).Take(9));
    }

    [Fact]
    public void RtpHeaderWithCsrcsExtensionAndPaddingRoundTrips()
    {
        var buffer = new byte[64];
        var header = new RtpHeader(111, 0xBEEF, 0x01020304, 0x0A0B0C0D, marker: true);
        var length = RtpPacketWriter.Write(buffer, header, [9, 8, 7], csrcs: [0x11111111, 0x22222222],
            hasExtension: true, extensionProfile: 0xBEDE, extension: [0x10, 0xAA, 0, 0], padding: 4);
        Assert.Equal(Convert.FromHexString("B2EFBEEF010203040A0B0C0D1111111122222222BEDE000110AA000009080700000004"), buffer[..length]);
        Assert.True(RtpPacket.TryParse(buffer.AsSpan(0, length), out var packet));
        Assert.Equal((true, (byte)111, (ushort)0xBEEF, 0x01020304u, 0x0A0B0C0Du), (packet.Marker, packet.PayloadType, packet.SequenceNumber, packet.Timestamp, packet.Ssrc));
        Assert.Equal(2, packet.CsrcCount);
        Assert.Equal(0x22222222u, packet.Csrc(1));
        Assert.Equal(0xBEDE, packet.ExtensionProfile);
        Assert.Equal([0x10, 0xAA, 0, 0], packet.Extension.ToArray());
        Assert.Equal([9, 8, 7], packet.Payload.ToArray());
        Assert.Equal(4, packet.PaddingLength);

        Assert.False(RtpPacket.TryParse(buffer.AsSpan(0, 11), out _));
        buffer[length - 1] = 60; // padding longer than the packet
        Assert.False(RtpPacket.TryParse(buffer.AsSpan(0, length), out _));
    }
}
