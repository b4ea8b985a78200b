using System.Buffers.Binary;
using System.Security.Cryptography;

namespace InteropGateway.Adapters.Rtmp.Protocol;

/// <summary>
/// The Flash/FMS "digest" handshake (Flash Player 9+, ffmpeg, OBS): a 32-byte HMAC-SHA256 hidden
/// in C1/S1 at an offset derived from four bytes of the packet. There are two layouts ("schemas"):
/// the offset bytes at 8..11 (digest in the first half) or at 772..775 (digest in the second half).
/// Clients that see a valid server digest also verify S2, so a server must answer in kind.
/// </summary>
public static class RtmpHandshakeDigest
{
    public const int PacketSize = 1536;
    public const int DigestSize = 32;

    private static ReadOnlySpan<byte> SharedKeyTail =>
    [
        0xF0, 0xEE, 0xC2, 0x4A, 0x80, 0x68, 0xBE, 0xE8, 0x2E, 0x00, 0xD0, 0xD1, 0x02, 0x9E, 0x7E, 0x57,
        0x6E, 0xEC, 0x5D, 0x2D, 0x29, 0x80, 0x6F, 0xAB, 0x93, 0xB8, 0xE6, 0x36, 0xCF, 0xEB, 0x31, 0xAE,
    ];

    /// <summary>"Genuine Adobe Flash Player 001" + 32 bytes (62). Its first 30 bytes key the client digest.</summary>
    public static readonly byte[] FlashPlayerKey = [.. "Genuine Adobe Flash Player 001"u8, .. SharedKeyTail];

    /// <summary>"Genuine Adobe Flash Media Server 001" + 32 bytes (68). Its first 36 bytes key the server digest.</summary>
    public static readonly byte[] FlashMediaServerKey = [.. "Genuine Adobe Flash Media Server 001"u8, .. SharedKeyTail];

    public static ReadOnlySpan<byte> ClientDigestKey => FlashPlayerKey.AsSpan(0, 30);
    public static ReadOnlySpan<byte> ServerDigestKey => FlashMediaServerKey.AsSpan(0, 36);

    /// <summary>Where the digest sits in a 1536-byte C1/S1 for schema 0 or 1.</summary>
    public static int DigestOffset(ReadOnlySpan<byte> packet, int schema)
    {
        var baseOffset = schema == 0 ? 8 : 772;
        var sum = packet[baseOffset] + packet[baseOffset + 1] + packet[baseOffset + 2] + packet[baseOffset + 3];
        return sum % 728 + baseOffset + 4;
    }

    /// <summary>HMAC-SHA256 over the packet with the 32 digest bytes at <paramref name="digestOffset"/> left out.</summary>
    public static void ComputeDigest(ReadOnlySpan<byte> packet, int digestOffset, ReadOnlySpan<byte> key, Span<byte> digest)
    {
        Span<byte> message = stackalloc byte[PacketSize - DigestSize];
        packet[..digestOffset].CopyTo(message);
        packet[(digestOffset + DigestSize)..].CopyTo(message[digestOffset..]);
        HMACSHA256.HashData(key, message, digest);
    }

    /// <summary>Finds a valid digest trying schema 0 then schema 1; returns the schema or -1.</summary>
    public static int FindSchema(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> key, out int digestOffset)
    {
        Span<byte> expected = stackalloc byte[DigestSize];
        for (var schema = 0; schema <= 1; schema++)
        {
            digestOffset = DigestOffset(packet, schema);
            ComputeDigest(packet, digestOffset, key, expected);
            if (CryptographicOperations.FixedTimeEquals(expected, packet.Slice(digestOffset, DigestSize)))
                return schema;
        }
        digestOffset = -1;
        return -1;
    }

    /// <summary>Fills <paramref name="packet"/> (random tail already in place) with a digest in the given schema.</summary>
    public static void SignPacket(Span<byte> packet, int schema, ReadOnlySpan<byte> key)
    {
        var offset = DigestOffset(packet, schema);
        ComputeDigest(packet, offset, key, packet.Slice(offset, DigestSize));
    }

    /// <summary>
    /// The S2 (or C2) signature: HMAC-SHA256 over the first 1504 bytes, keyed by
    /// HMAC-SHA256(full key, the peer's digest from C1/S1).
    /// </summary>
    public static void ComputeResponseSignature(ReadOnlySpan<byte> response, ReadOnlySpan<byte> fullKey, ReadOnlySpan<byte> peerDigest, Span<byte> signature)
    {
        Span<byte> tempKey = stackalloc byte[DigestSize];
        HMACSHA256.HashData(fullKey, peerDigest, tempKey);
        HMACSHA256.HashData(tempKey, response[..(PacketSize - DigestSize)], signature);
    }

    internal static void WriteTimeAndVersion(Span<byte> packet, uint time, uint version)
    {
        BinaryPrimitives.WriteUInt32BigEndian(packet, time);
        BinaryPrimitives.WriteUInt32BigEndian(packet[4..], version);
    }
}
