using System.Buffers;
using System.Security.Cryptography;

namespace InteropGateway.Adapters.Rtmp.Protocol;

/// <summary>
/// Client side of the RTMP handshake (tests, CDN push/pull): write C0+C1, read S0+S1+S2, write C2.
/// With <c>useDigest</c> the C1 is signed (schema 0, as ffmpeg does) because some CDN ingests
/// refuse plain handshakes; the server's digest is then checked and reported, not enforced.
/// </summary>
public sealed class RtmpClientHandshake
{
    private const int PacketSize = RtmpHandshakeDigest.PacketSize;
    private const int DigestSize = RtmpHandshakeDigest.DigestSize;
    /// <summary>A Flash Player version in C1 (9.0.124.2, as ffmpeg sends) signals digest support.</summary>
    private const uint ClientVersion = 0x09007C02;

    private readonly bool _useDigest;
    private readonly byte[] _c1 = new byte[PacketSize];
    private readonly byte[] _s1 = new byte[PacketSize];
    private bool _haveS1;

    public RtmpClientHandshake(bool useDigest = false)
    {
        _useDigest = useDigest;
    }

    /// <summary>The server answered with a valid FMS digest in S1 (digest mode only).</summary>
    public bool ServerDigestValid { get; private set; }

    /// <summary>S2 carried the signature derived from our C1 digest, or echoed C1 (plain mode).</summary>
    public bool ServerResponseValid { get; private set; }

    /// <summary>The C1 sent, for tests that inspect it.</summary>
    public ReadOnlySpan<byte> C1 => _c1;

    public void WriteC0C1(IBufferWriter<byte> output)
    {
        RandomNumberGenerator.Fill(_c1.AsSpan(8));
        RtmpHandshakeDigest.WriteTimeAndVersion(_c1, 0, _useDigest ? ClientVersion : 0);
        if (_useDigest)
            RtmpHandshakeDigest.SignPacket(_c1, 0, RtmpHandshakeDigest.ClientDigestKey);
        var span = output.GetSpan(1 + PacketSize);
        span[0] = RtmpHandshake.RtmpVersion;
        _c1.CopyTo(span[1..]);
        output.Advance(1 + PacketSize);
    }

    /// <summary>Reads S0+S1+S2; false (reader unadvanced) until all 3073 bytes are buffered.</summary>
    public bool TryReadS0S1S2(ref SequenceReader<byte> reader)
    {
        if (reader.Remaining < 1 + 2 * PacketSize)
            return false;
        reader.TryRead(out var version);
        if (version != RtmpHandshake.RtmpVersion)
            throw new RtmpProtocolException("handshake-bad-version", $"S0 version {version}, expected {RtmpHandshake.RtmpVersion}");
        reader.TryCopyTo(_s1);
        reader.Advance(PacketSize);
        Span<byte> s2 = stackalloc byte[PacketSize];
        reader.TryCopyTo(s2);
        reader.Advance(PacketSize);
        _haveS1 = true;

        if (_useDigest)
        {
            ServerDigestValid = RtmpHandshakeDigest.FindSchema(_s1, RtmpHandshakeDigest.ServerDigestKey, out _) >= 0;
            var ourDigest = _c1.AsSpan(RtmpHandshakeDigest.DigestOffset(_c1, 0), DigestSize);
            Span<byte> expected = stackalloc byte[DigestSize];
            RtmpHandshakeDigest.ComputeResponseSignature(s2, RtmpHandshakeDigest.FlashMediaServerKey, ourDigest, expected);
            ServerResponseValid = expected.SequenceEqual(s2[(PacketSize - DigestSize)..]);
        }
        else
        {
            ServerResponseValid = s2[8..].SequenceEqual(_c1.AsSpan(8));
        }
        return true;
    }

    /// <summary>Writes C2. Echoing S1 is accepted by every server we interoperate with.</summary>
    public void WriteC2(IBufferWriter<byte> output)
    {
        if (!_haveS1)
            throw new InvalidOperationException("S1 has not been read");
        var span = output.GetSpan(PacketSize);
        _s1.CopyTo(span);
        output.Advance(PacketSize);
    }
}
