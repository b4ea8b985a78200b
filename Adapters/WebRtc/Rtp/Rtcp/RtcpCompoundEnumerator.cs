namespace InteropGateway.Adapters.WebRtc.Rtp.Rtcp;

/// <summary>One RTCP packet inside a compound packet: its header, its bytes, and the body after the header (padding removed).</summary>
public readonly ref struct RtcpPacketView
{
    public RtcpPacketView(RtcpHeader header, ReadOnlySpan<byte> packet, ReadOnlySpan<byte> body)
    {
        Header = header;
        Packet = packet;
        Body = body;
    }

    public RtcpHeader Header { get; }
    public ReadOnlySpan<byte> Packet { get; }
    public ReadOnlySpan<byte> Body { get; }
    public byte PacketType => Header.PacketType;
    /// <summary>Report/source count, or the FMT of a feedback message.</summary>
    public int Count => Header.Count;
}

/// <summary>
/// Walks the packets of a compound RTCP packet (RFC 3550 §6.1). A length that runs past the end
/// stops the walk and sets <see cref="IsMalformed"/>. A ref struct: no allocation.
/// </summary>
public ref struct RtcpCompoundEnumerator
{
    private ReadOnlySpan<byte> _rest;

    public RtcpCompoundEnumerator(ReadOnlySpan<byte> compound)
    {
        _rest = compound;
        Current = default;
        IsMalformed = false;
    }

    public RtcpPacketView Current { get; private set; }
    public bool IsMalformed { get; private set; }

    public readonly RtcpCompoundEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_rest.IsEmpty || IsMalformed)
            return false;
        if (!RtcpHeader.TryParse(_rest, out var header) || header.PacketSize > _rest.Length)
            return Fail();
        var packet = _rest[..header.PacketSize];
        var body = packet[RtcpHeader.Size..];
        if (header.Padding)
        {
            var padding = packet[^1];
            if (padding == 0 || padding > body.Length)
                return Fail();
            body = body[..^padding];
        }
        Current = new RtcpPacketView(header, packet, body);
        _rest = _rest[header.PacketSize..];
        return true;
    }

    private bool Fail()
    {
        IsMalformed = true;
        _rest = default;
        return false;
    }
}
