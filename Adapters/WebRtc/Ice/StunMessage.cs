using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;

namespace InteropGateway.Adapters.WebRtc.Ice;

/// <summary>
/// A parsed view of one STUN message over the datagram it came in (RFC 8489). Nothing is copied:
/// attributes are spans or offsets into <see cref="Raw"/>. Attributes after MESSAGE-INTEGRITY other
/// than FINGERPRINT are ignored, as §14.5 requires.
/// </summary>
public ref struct StunMessage
{
    public ReadOnlySpan<byte> Raw;
    public ushort Type;
    public ReadOnlySpan<byte> Username;
    /// <summary>Offset of the MESSAGE-INTEGRITY attribute header in <see cref="Raw"/>, or -1.</summary>
    public int MessageIntegrityOffset;
    /// <summary>Offset of the FINGERPRINT attribute header in <see cref="Raw"/>, or -1.</summary>
    public int FingerprintOffset;
    /// <summary>Offset of the XOR-MAPPED-ADDRESS value in <see cref="Raw"/>, or -1.</summary>
    public int XorMappedAddressOffset;
    public int XorMappedAddressLength;
    public bool HasPriority;
    public uint Priority;
    public bool UseCandidate;
    public bool HasIceControlling;
    public ulong IceControlling;
    public bool HasIceControlled;
    public ulong IceControlled;
    /// <summary>ERROR-CODE class*100 + number, or 0 when absent.</summary>
    public int ErrorCode;
    public ReadOnlySpan<byte> ErrorReason;

    public readonly ReadOnlySpan<byte> TransactionId => Raw.Slice(8, StunConstants.TransactionIdLength);

    /// <summary>RFC 7983 §7: a first byte of 0..3 means STUN on a multiplexed port.</summary>
    public static bool LooksLikeStun(ReadOnlySpan<byte> datagram) =>
        datagram.Length >= StunConstants.HeaderLength && datagram[0] < 4
        && BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]) == StunConstants.MagicCookie;

    public static bool TryParse(ReadOnlySpan<byte> datagram, out StunMessage message)
    {
        message = default;
        message.MessageIntegrityOffset = -1;
        message.FingerprintOffset = -1;
        message.XorMappedAddressOffset = -1;
        if (!LooksLikeStun(datagram) || datagram.Length > StunConstants.MaxMessageLength)
            return false;
        int bodyLength = BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]);
        if ((bodyLength & 3) != 0 || StunConstants.HeaderLength + bodyLength != datagram.Length)
            return false;

        message.Raw = datagram;
        message.Type = BinaryPrimitives.ReadUInt16BigEndian(datagram);
        var offset = StunConstants.HeaderLength;
        while (offset < datagram.Length)
        {
            if (datagram.Length - offset < 4)
                return false;
            var type = BinaryPrimitives.ReadUInt16BigEndian(datagram[offset..]);
            int length = BinaryPrimitives.ReadUInt16BigEndian(datagram[(offset + 2)..]);
            var valueOffset = offset + 4;
            if (length > datagram.Length - valueOffset)
                return false;
            var value = datagram.Slice(valueOffset, length);

            if (message.FingerprintOffset >= 0)
                return false; // FINGERPRINT must be last
            if (message.MessageIntegrityOffset >= 0 && type != StunAttributeType.Fingerprint)
            {
                offset = valueOffset + Padded(length);
                continue;
            }

            switch (type)
            {
                case StunAttributeType.Username:
                    message.Username = value;
                    break;
                case StunAttributeType.MessageIntegrity:
                    if (length != StunConstants.MessageIntegrityLength)
                        return false;
                    message.MessageIntegrityOffset = offset;
                    break;
                case StunAttributeType.Fingerprint:
                    if (length != 4)
                        return false;
                    message.FingerprintOffset = offset;
                    break;
                case StunAttributeType.XorMappedAddress:
                    message.XorMappedAddressOffset = valueOffset;
                    message.XorMappedAddressLength = length;
                    break;
                case StunAttributeType.Priority when length == 4:
                    message.HasPriority = true;
                    message.Priority = BinaryPrimitives.ReadUInt32BigEndian(value);
                    break;
                case StunAttributeType.UseCandidate:
                    message.UseCandidate = true;
                    break;
                case StunAttributeType.IceControlling when length == 8:
                    message.HasIceControlling = true;
                    message.IceControlling = BinaryPrimitives.ReadUInt64BigEndian(value);
                    break;
                case StunAttributeType.IceControlled when length == 8:
                    message.HasIceControlled = true;
                    message.IceControlled = BinaryPrimitives.ReadUInt64BigEndian(value);
                    break;
                case StunAttributeType.ErrorCode when length >= 4:
                    message.ErrorCode = (value[2] & 0x7) * 100 + value[3];
                    message.ErrorReason = value[4..];
                    break;
            }
            offset = valueOffset + Padded(length);
        }
        return offset == datagram.Length;
    }

    /// <summary>
    /// Checks MESSAGE-INTEGRITY (HMAC-SHA1, short-term credential: the key is the password's UTF-8 bytes).
    /// The HMAC covers the message up to the attribute, with the header length field counting up to its end (§14.5).
    /// </summary>
    public readonly bool VerifyIntegrity(ReadOnlySpan<byte> key)
    {
        if (MessageIntegrityOffset < 0)
            return false;
        Span<byte> covered = stackalloc byte[MessageIntegrityOffset];
        Raw[..MessageIntegrityOffset].CopyTo(covered);
        BinaryPrimitives.WriteUInt16BigEndian(covered[2..],
            (ushort)(MessageIntegrityOffset + 4 + StunConstants.MessageIntegrityLength - StunConstants.HeaderLength));
        Span<byte> expected = stackalloc byte[StunConstants.MessageIntegrityLength];
        HMACSHA1.HashData(key, covered, expected);
        return CryptographicOperations.FixedTimeEquals(expected,
            Raw.Slice(MessageIntegrityOffset + 4, StunConstants.MessageIntegrityLength));
    }

    /// <summary>True when FINGERPRINT is present and right; FINGERPRINT is last, so the header length already covers it.</summary>
    public readonly bool VerifyFingerprint()
    {
        if (FingerprintOffset < 0)
            return false;
        var expected = Crc32.Compute(Raw[..FingerprintOffset]) ^ StunConstants.FingerprintXor;
        return BinaryPrimitives.ReadUInt32BigEndian(Raw[(FingerprintOffset + 4)..]) == expected;
    }

    /// <summary>Decodes XOR-MAPPED-ADDRESS (allocates the endpoint: used by clients and tests, not per packet).</summary>
    public readonly bool TryGetXorMappedAddress(out IPEndPoint? endPoint)
    {
        endPoint = null;
        if (XorMappedAddressOffset < 0 || XorMappedAddressLength < 8)
            return false;
        var value = Raw.Slice(XorMappedAddressOffset, XorMappedAddressLength);
        var port = (ushort)(BinaryPrimitives.ReadUInt16BigEndian(value[2..]) ^ (StunConstants.MagicCookie >> 16));
        var family = value[1];
        var addressLength = family == 1 ? 4 : family == 2 ? 16 : 0;
        if (addressLength == 0 || value.Length < 4 + addressLength)
            return false;
        Span<byte> mask = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(mask, StunConstants.MagicCookie);
        TransactionId.CopyTo(mask[4..]);
        Span<byte> address = stackalloc byte[addressLength];
        for (var i = 0; i < addressLength; i++)
            address[i] = (byte)(value[4 + i] ^ mask[i]);
        endPoint = new IPEndPoint(new IPAddress(address), port);
        return true;
    }

    internal static int Padded(int length) => (length + 3) & ~3;
}
