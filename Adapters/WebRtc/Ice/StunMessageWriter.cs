using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace InteropGateway.Adapters.WebRtc.Ice;

/// <summary>
/// Writes one STUN message into a caller buffer (RFC 8489). The header length is kept current after
/// every attribute, so MESSAGE-INTEGRITY and FINGERPRINT can be added last, in that order.
/// </summary>
public ref struct StunMessageWriter
{
    private readonly Span<byte> _buffer;
    private int _position;

    public StunMessageWriter(Span<byte> buffer, ushort messageType, ReadOnlySpan<byte> transactionId)
    {
        if (transactionId.Length != StunConstants.TransactionIdLength)
            throw new ArgumentException("A STUN transaction id is 12 bytes.", nameof(transactionId));
        _buffer = buffer;
        BinaryPrimitives.WriteUInt16BigEndian(buffer, messageType);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], StunConstants.MagicCookie);
        transactionId.CopyTo(buffer[8..]);
        _position = StunConstants.HeaderLength;
    }

    public readonly int Length => _position;

    public readonly ReadOnlySpan<byte> Written => _buffer[.._position];

    public void AddUsername(scoped ReadOnlySpan<byte> username) => AddAttribute(StunAttributeType.Username, username);

    public void AddPriority(uint priority)
    {
        Span<byte> value = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(value, priority);
        AddAttribute(StunAttributeType.Priority, value);
    }

    public void AddUseCandidate() => AddAttribute(StunAttributeType.UseCandidate, []);

    public void AddIceControlling(ulong tieBreaker) => AddUInt64(StunAttributeType.IceControlling, tieBreaker);

    public void AddIceControlled(ulong tieBreaker) => AddUInt64(StunAttributeType.IceControlled, tieBreaker);

    public void AddSoftware(scoped ReadOnlySpan<byte> software) => AddAttribute(StunAttributeType.Software, software);

    /// <summary>ERROR-CODE: class in the hundreds digit, number below, then a UTF-8 reason phrase.</summary>
    public void AddErrorCode(int code, scoped ReadOnlySpan<byte> reason)
    {
        Span<byte> value = stackalloc byte[4 + reason.Length];
        value[0] = 0;
        value[1] = 0;
        value[2] = (byte)(code / 100);
        value[3] = (byte)(code % 100);
        reason.CopyTo(value[4..]);
        AddAttribute(StunAttributeType.ErrorCode, value);
    }

    /// <summary>XOR-MAPPED-ADDRESS: port XOR the cookie's top half, address XOR cookie (+ transaction id for IPv6).</summary>
    public void AddXorMappedAddress(IPAddress address, int port)
    {
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        var isV4 = address.AddressFamily == AddressFamily.InterNetwork;
        var addressLength = isV4 ? 4 : 16;
        Span<byte> value = stackalloc byte[4 + addressLength];
        value[0] = 0;
        value[1] = (byte)(isV4 ? 1 : 2);
        BinaryPrimitives.WriteUInt16BigEndian(value[2..], (ushort)(port ^ (StunConstants.MagicCookie >> 16)));
        address.TryWriteBytes(value[4..], out _);
        Span<byte> mask = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(mask, StunConstants.MagicCookie);
        _buffer.Slice(8, StunConstants.TransactionIdLength).CopyTo(mask[4..]);
        for (var i = 0; i < addressLength; i++)
            value[4 + i] ^= mask[i];
        AddAttribute(StunAttributeType.XorMappedAddress, value);
    }

    /// <summary>HMAC-SHA1 over everything so far, with the length field already counting this attribute.</summary>
    public void AddMessageIntegrity(scoped ReadOnlySpan<byte> key)
    {
        SetBodyLength(_position + 4 + StunConstants.MessageIntegrityLength);
        Span<byte> mac = stackalloc byte[StunConstants.MessageIntegrityLength];
        HMACSHA1.HashData(key, _buffer[.._position], mac);
        AddAttribute(StunAttributeType.MessageIntegrity, mac);
    }

    /// <summary>CRC-32 XOR 0x5354554e over everything so far, with the length field counting this attribute.</summary>
    public void AddFingerprint()
    {
        SetBodyLength(_position + 8);
        Span<byte> value = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(value, Crc32.Compute(_buffer[.._position]) ^ StunConstants.FingerprintXor);
        AddAttribute(StunAttributeType.Fingerprint, value);
    }

    private void AddUInt64(ushort type, ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        AddAttribute(type, bytes);
    }

    private void AddAttribute(ushort type, scoped ReadOnlySpan<byte> value)
    {
        var padded = StunMessage.Padded(value.Length);
        if (_buffer.Length - _position < 4 + padded)
            throw new ArgumentException("STUN buffer too small.");
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[_position..], type);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[(_position + 2)..], (ushort)value.Length);
        value.CopyTo(_buffer[(_position + 4)..]);
        _buffer.Slice(_position + 4 + value.Length, padded - value.Length).Clear();
        _position += 4 + padded;
        SetBodyLength(_position);
    }

    private readonly void SetBodyLength(int messageLength) =>
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[2..], (ushort)(messageLength - StunConstants.HeaderLength));
}
