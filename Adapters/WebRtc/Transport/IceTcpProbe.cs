using System.Buffers;
using System.Buffers.Binary;
using InteropGateway.Adapters.WebRtc.Ice;
using InteropGateway.Core.Hosting;

namespace InteropGateway.Adapters.WebRtc.Transport;

/// <summary>
/// Recognises ICE-TCP from a connection's first bytes: an RFC 4571 frame whose payload starts a STUN
/// message (RFC 5389 §6), which is what every ICE-TCP client sends first (its connectivity check).
/// Ten bytes decide: the 2-byte frame length, then the STUN type, length and magic cookie. Every byte is
/// checked as it arrives, so RTMP (0x03), TLS (0x16) and HTTP ("GET ") are told apart as early as they can be.
/// </summary>
internal static class IceTcpProbe
{
    /// <summary>Frame length (2) + STUN type (2) + STUN length (2) + magic cookie (4).</summary>
    public const int BytesNeeded = Rfc4571Framing.HeaderLength + 8;

    public static ProbeResult Probe(ReadOnlySequence<byte> firstBytes, int maxFrameLength)
    {
        Span<byte> head = stackalloc byte[BytesNeeded];
        var available = (int)Math.Min(firstBytes.Length, BytesNeeded);
        firstBytes.Slice(0, available).CopyTo(head);
        head = head[..available];

        if (available == 0)
            return ProbeResult.NeedMoreData;
        // One byte: the high byte of the frame length already rules out anything longer than we accept.
        if (head[0] > maxFrameLength >> 8)
            return ProbeResult.NoMatch;
        if (available < 2)
            return ProbeResult.NeedMoreData;
        var frameLength = BinaryPrimitives.ReadUInt16BigEndian(head);
        if (frameLength < StunConstants.HeaderLength || frameLength > maxFrameLength)
            return ProbeResult.NoMatch;
        // The first two bits of every STUN message are zero.
        if (available < 3)
            return ProbeResult.NeedMoreData;
        if ((head[2] & 0xC0) != 0)
            return ProbeResult.NoMatch;
        // RFC 4571 carries one STUN message per frame: its length is the frame's minus the header, a multiple of 4.
        if (available < 6)
            return ProbeResult.NeedMoreData;
        var stunLength = BinaryPrimitives.ReadUInt16BigEndian(head[4..]);
        if (stunLength + StunConstants.HeaderLength != frameLength || stunLength % 4 != 0)
            return ProbeResult.NoMatch;
        // The magic cookie, compared byte by byte so a partial one can still be refused early.
        Span<byte> cookie = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(cookie, StunConstants.MagicCookie);
        for (var i = 0; i < cookie.Length; i++)
        {
            if (6 + i >= available)
                return ProbeResult.NeedMoreData;
            if (head[6 + i] != cookie[i])
                return ProbeResult.NoMatch;
        }
        return ProbeResult.Match;
    }
}
