using System.Buffers;
using System.Security.Cryptography;

namespace InteropGateway.Adapters.Rtmp.Protocol;

/// <summary>
/// Server side of the RTMP handshake: read C0+C1, write S0+S1+S2, skip C2.
/// Plain clients get S2 = C1 echoed. Clients whose C1 carries a valid Flash Player digest get a
/// signed S1 (same schema) and a signed S2, because they verify both and disconnect otherwise.
/// </summary>
public sealed class RtmpHandshake
{
    public const byte RtmpVersion = 3;
    private const int PacketSize = RtmpHandshakeDigest.PacketSize;
    private const int DigestSize = RtmpHandshakeDigest.DigestSize;
    /// <summary>Non-zero version in S1 tells digest clients to validate it (FMS 3.5.1.1 style, as nginx-rtmp sends).</summary>
    private const uint ServerVersion = 0x0D0E0A0D;

    private readonly byte[] _c1 = new byte[PacketSize];
    private bool _haveC1;
    private int _schema = -1;
    private int _clientDigestOffset;

    /// <summary>True when the client used the digest handshake (valid after C1 was read).</summary>
    public bool IsDigestMode => _schema >= 0;
    public int DigestSchema => _schema;

    /// <summary>Reads C0 and C1; false (reader unadvanced) until all 1537 bytes are buffered.</summary>
    public bool TryReadC0C1(ref SequenceReader<byte> reader)
    {
        if (reader.Remaining < 1 + PacketSize)
            return false;
        reader.TryRead(out var version);
        // 6 is RTMPE (encrypted), which this gateway does not offer; anything else is not RTMP.
        if (version != RtmpVersion)
            throw new RtmpProtocolException("handshake-bad-version", $"C0 version {version}, expected {RtmpVersion}");
        reader.TryCopyTo(_c1);
        reader.Advance(PacketSize);
        _haveC1 = true;
        _schema = RtmpHandshakeDigest.FindSchema(_c1, RtmpHandshakeDigest.ClientDigestKey, out _clientDigestOffset);
        return true;
    }

    /// <summary>Writes S0, S1 and S2 (3073 bytes).</summary>
    public void WriteS0S1S2(IBufferWriter<byte> output)
    {
        if (!_haveC1)
            throw new InvalidOperationException("C1 has not been read");
        var span = output.GetSpan(1 + 2 * PacketSize);
        span[0] = RtmpVersion;
        var s1 = span.Slice(1, PacketSize);
        var s2 = span.Slice(1 + PacketSize, PacketSize);
        RandomNumberGenerator.Fill(s1[8..]);
        if (IsDigestMode)
        {
            RtmpHandshakeDigest.WriteTimeAndVersion(s1, 0, ServerVersion);
            RtmpHandshakeDigest.SignPacket(s1, _schema, RtmpHandshakeDigest.ServerDigestKey);

            RandomNumberGenerator.Fill(s2);
            var clientDigest = _c1.AsSpan(_clientDigestOffset, DigestSize);
            RtmpHandshakeDigest.ComputeResponseSignature(s2, RtmpHandshakeDigest.FlashMediaServerKey, clientDigest, s2[(PacketSize - DigestSize)..]);
        }
        else
        {
            // Zero version bytes: plain clients ignore them and digest-capable ones skip validation.
            RtmpHandshakeDigest.WriteTimeAndVersion(s1, 0, 0);
            _c1.CopyTo(s2);
        }
        output.Advance(1 + 2 * PacketSize);
    }

    /// <summary>Skips C2 (not validated: clients disagree on its contents); false until it is buffered.</summary>
    public bool TrySkipC2(ref SequenceReader<byte> reader)
    {
        if (reader.Remaining < PacketSize)
            return false;
        reader.Advance(PacketSize);
        return true;
    }
}
