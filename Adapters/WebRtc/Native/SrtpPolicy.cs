using System.Runtime.InteropServices;

namespace InteropGateway.Adapters.WebRtc.Native;

/// <summary>
/// srtp_crypto_policy_t. Filled by the srtp_crypto_policy_set_* helpers; never edited by hand.
/// Offsets are checked against /usr/include/srtp2/srtp.h by the layout probe test.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 24)]
internal struct SrtpCryptoPolicy
{
    [FieldOffset(0)] public int CipherType;
    [FieldOffset(4)] public int CipherKeyLength;
    [FieldOffset(8)] public int AuthType;
    [FieldOffset(12)] public int AuthKeyLength;
    [FieldOffset(16)] public int AuthTagLength;
    [FieldOffset(20)] public int SecurityServices;
}

/// <summary>srtp_ssrc_type_t values the gateway uses.</summary>
internal enum SrtpSsrcType
{
    /// <summary>Matches every SSRC seen by srtp_unprotect: the peer may add streams at will.</summary>
    AnyInbound = 2,
    /// <summary>Matches every SSRC passed to srtp_protect.</summary>
    AnyOutbound = 3,
}

/// <summary>
/// srtp_policy_t (libsrtp 2.5, x86-64). Only one element, so <see cref="Next"/> stays null;
/// the key pointer has to be valid only during srtp_create, which copies the key.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 128)]
internal unsafe struct SrtpPolicy
{
    [FieldOffset(0)] public SrtpSsrcType SsrcType;
    [FieldOffset(4)] public uint SsrcValue;
    [FieldOffset(8)] public SrtpCryptoPolicy Rtp;
    [FieldOffset(32)] public SrtpCryptoPolicy Rtcp;
    [FieldOffset(56)] public byte* Key;
    [FieldOffset(64)] public nint Keys;
    [FieldOffset(72)] public nuint MasterKeyCount;
    [FieldOffset(80)] public nint DeprecatedEkt;
    [FieldOffset(88)] public nuint WindowSize;
    [FieldOffset(96)] public int AllowRepeatTx;
    [FieldOffset(104)] public int* EncryptedHeaderExtensionIds;
    [FieldOffset(112)] public int EncryptedHeaderExtensionCount;
    [FieldOffset(120)] public SrtpPolicy* Next;
}
