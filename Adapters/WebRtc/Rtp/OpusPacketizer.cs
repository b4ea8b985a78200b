using InteropGateway.Codecs.Media;

namespace InteropGateway.Adapters.WebRtc.Rtp;

/// <summary>
/// RFC 7587 sender: one Opus packet per RTP packet, timestamps in 48 kHz whatever the input
/// rate. Builds each packet in one reused buffer.
/// </summary>
public sealed class OpusPacketizer
{
    public const int ClockRate = 48_000;
    /// <summary>The largest legal Opus packet (RFC 6716 §3.4: 1275 bytes per frame, up to 120 ms) is far above this; WebRTC's are ~100-500 bytes.</summary>
    public const int MaxPayloadSize = 4000;

    private readonly RtpStreamState _stream;
    private readonly byte[] _packet = new byte[RtpHeader.FixedSize + MaxPayloadSize];

    public OpusPacketizer(RtpStreamState stream) => _stream = stream;

    public RtpStreamState Stream => _stream;

    /// <summary>90 kHz core ticks to the 48 kHz RTP clock, plus the random offset.</summary>
    public uint RtpTimestampOf(long pts) => unchecked((uint)(pts * ClockRate / Timebase.TicksPerSecond) + _stream.TimestampOffset);

    public void Packetize(MediaFrame frame, IRtpPacketSink sink) => Packetize(frame.Payload.Span, frame.Pts, sink);

    /// <summary>False when the packet is empty or too large to send (the frame is skipped).</summary>
    public bool Packetize(ReadOnlySpan<byte> opusPacket, long pts, IRtpPacketSink sink)
    {
        if (opusPacket.IsEmpty || opusPacket.Length > MaxPayloadSize)
            return false;
        var header = _stream.NextHeader(RtpTimestampOf(pts), marker: false, opusPacket.Length);
        header.WriteTo(_packet);
        opusPacket.CopyTo(_packet.AsSpan(RtpHeader.FixedSize));
        sink.OnRtpPacket(_packet.AsSpan(0, RtpHeader.FixedSize + opusPacket.Length));
        return true;
    }
}
