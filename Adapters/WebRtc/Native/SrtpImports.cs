using System.Runtime.InteropServices;

namespace InteropGateway.Adapters.WebRtc.Native;

/// <summary>
/// Every libsrtp2 entry point the gateway calls, in one place (Debian 12: libsrtp2-1, soname libsrtp2.so.1).
/// Packet functions take a raw pointer into a pinned caller buffer so protect/unprotect never allocate.
/// </summary>
internal static unsafe partial class SrtpImports
{
    public const string Library = "libsrtp2.so.1";

    [LibraryImport(Library, EntryPoint = "srtp_init")]
    public static partial SrtpStatus Init();

    [LibraryImport(Library, EntryPoint = "srtp_create")]
    public static partial SrtpStatus Create(out SrtpContextHandle session, SrtpPolicy* policy);

    /// <summary>Called only from <see cref="SrtpContextHandle.ReleaseHandle"/>.</summary>
    [LibraryImport(Library, EntryPoint = "srtp_dealloc")]
    public static partial SrtpStatus Dealloc(nint session);

    [LibraryImport(Library, EntryPoint = "srtp_protect")]
    public static partial SrtpStatus Protect(SrtpContextHandle session, byte* rtpHeader, int* length);

    [LibraryImport(Library, EntryPoint = "srtp_unprotect")]
    public static partial SrtpStatus Unprotect(SrtpContextHandle session, byte* srtpHeader, int* length);

    [LibraryImport(Library, EntryPoint = "srtp_protect_rtcp")]
    public static partial SrtpStatus ProtectRtcp(SrtpContextHandle session, byte* rtcpHeader, int* length);

    [LibraryImport(Library, EntryPoint = "srtp_unprotect_rtcp")]
    public static partial SrtpStatus UnprotectRtcp(SrtpContextHandle session, byte* srtcpHeader, int* length);

    /// <summary>AES-128 counter mode + HMAC-SHA1 with an 80-bit tag (SRTP_AES128_CM_HMAC_SHA1_80), for RTP.</summary>
    [LibraryImport(Library, EntryPoint = "srtp_crypto_policy_set_rtp_default")]
    public static partial void SetRtpDefault(SrtpCryptoPolicy* policy);

    /// <summary>The RTCP half of SRTP_AES128_CM_HMAC_SHA1_80.</summary>
    [LibraryImport(Library, EntryPoint = "srtp_crypto_policy_set_rtcp_default")]
    public static partial void SetRtcpDefault(SrtpCryptoPolicy* policy);

    /// <summary>AEAD_AES_128_GCM (RFC 7714), 16-byte tag, for RTP and RTCP alike.</summary>
    [LibraryImport(Library, EntryPoint = "srtp_crypto_policy_set_aes_gcm_128_16_auth")]
    public static partial void SetAesGcm128Auth16(SrtpCryptoPolicy* policy);
}
