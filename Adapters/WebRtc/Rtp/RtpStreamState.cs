using System.Security.Cryptography;

namespace InteropGateway.Adapters.WebRtc.Rtp;

/// <summary>
/// The per-SSRC sending state shared by packetizers: SSRC, payload type, next sequence number and
/// the random timestamp offset RFC 3550 §5.1 asks for.
/// </summary>
public sealed class RtpStreamState
{
    public RtpStreamState(uint ssrc, byte payloadType, ushort? initialSequenceNumber = null, uint? timestampOffset = null)
    {
        Ssrc = ssrc;
        PayloadType = payloadType;
        NextSequenceNumber = initialSequenceNumber ?? (ushort)RandomNumberGenerator.GetInt32(0, 0x8000);
        TimestampOffset = timestampOffset ?? (uint)RandomNumberGenerator.GetInt32(int.MaxValue);
    }

    public uint Ssrc { get; }
    public byte PayloadType { get; }
    public ushort NextSequenceNumber { get; private set; }
    public uint TimestampOffset { get; }
    public long PacketsSent { get; private set; }
    public long PayloadBytesSent { get; private set; }
    /// <summary>The RTP timestamp of the last packet sent (for sender reports).</summary>
    public uint LastTimestamp { get; private set; }

    /// <summary>A header for the next packet; advances the sequence number and counters.</summary>
    public RtpHeader NextHeader(uint timestamp, bool marker, int payloadLength)
    {
        var header = new RtpHeader(PayloadType, NextSequenceNumber++, timestamp, Ssrc, marker);
        PacketsSent++;
        PayloadBytesSent += payloadLength;
        LastTimestamp = timestamp;
        return header;
    }
}
