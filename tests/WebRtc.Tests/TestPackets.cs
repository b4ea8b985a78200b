using System.Buffers.Binary;

namespace InteropGateway.Tests.WebRtc;

/// <summary>Minimal RTP/RTCP packets for transport tests (the RTP layer has its own writer and tests).</summary>
internal static class TestPackets
{
    public static byte[] Rtp(ushort sequence, uint timestamp = 90_000, uint ssrc = 0x11223344, int payloadLength = 100, byte payloadType = 96)
    {
        var packet = new byte[12 + payloadLength];
        packet[0] = 0x80;
        packet[1] = payloadType;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        for (var i = 0; i < payloadLength; i++)
            packet[12 + i] = (byte)(sequence + i);
        return packet;
    }

    /// <summary>An RTCP receiver report with no report blocks (PT 201).</summary>
    public static byte[] RtcpReceiverReport(uint ssrc = 0x55667788)
    {
        var packet = new byte[8];
        packet[0] = 0x80;
        packet[1] = 201;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), 1);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), ssrc);
        return packet;
    }
}
