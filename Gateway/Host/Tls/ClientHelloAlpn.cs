using System.Buffers;

namespace InteropGateway.Host.Tls;

/// <summary>
/// Whether a TLS ClientHello (RFC 8446 §4.1.2, starting at its record header) offers ALPN (RFC 7301,
/// extension 16). Browsers and HTTP clients always do; RTMPS encoders and players do not.
/// </summary>
internal static class ClientHelloAlpn
{
    public enum Offer { Unknown, Offered, NotOffered }

    private const byte HandshakeRecord = 0x16;
    private const byte ClientHello = 1;
    private const ushort AlpnExtension = 16;

    public static Offer Find(ReadOnlySequence<byte> hello)
    {
        var reader = new SequenceReader<byte>(hello);
        if (!reader.TryRead(out var recordType) || recordType != HandshakeRecord
            || !Skip(ref reader, 4) // legacy record version, record length
            || !reader.TryRead(out var handshakeType) || handshakeType != ClientHello
            || !Skip(ref reader, 3 + 2 + 32) // handshake length, legacy version, random
            || !SkipVector8(ref reader) // legacy session id
            || !SkipVector16(ref reader) // cipher suites
            || !SkipVector8(ref reader)) // legacy compression methods
            return Offer.Unknown;
        if (reader.Remaining == 0)
            return Offer.NotOffered; // no extensions at all
        if (!reader.TryReadBigEndian(out short extensionsLength) || reader.Remaining < (ushort)extensionsLength)
            return Offer.Unknown;
        var end = reader.Consumed + (ushort)extensionsLength;
        while (reader.Consumed < end)
        {
            if (!reader.TryReadBigEndian(out short type) || !reader.TryReadBigEndian(out short length) || !Skip(ref reader, (ushort)length))
                return Offer.Unknown;
            if ((ushort)type == AlpnExtension)
                return Offer.Offered;
        }
        return Offer.NotOffered;
    }

    private static bool Skip(ref SequenceReader<byte> reader, int count)
    {
        if (reader.Remaining < count)
            return false;
        reader.Advance(count);
        return true;
    }

    private static bool SkipVector8(ref SequenceReader<byte> reader) =>
        reader.TryRead(out var length) && Skip(ref reader, length);

    private static bool SkipVector16(ref SequenceReader<byte> reader) =>
        reader.TryReadBigEndian(out short length) && Skip(ref reader, (ushort)length);
}
