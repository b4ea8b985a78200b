namespace InteropGateway.Adapters.WebRtc.Native;

/// <summary>
/// The SRTP protection profiles the gateway negotiates in the DTLS use_srtp extension (RFC 5764 §4.1.2, RFC 7714 §14.2).
/// The numeric values are the IANA profile identifiers.
/// </summary>
public enum SrtpProfile
{
    Aes128CmHmacSha1_80 = 0x0001,
    AeadAes128Gcm = 0x0007,
}

public static class SrtpProfileExtensions
{
    /// <summary>Master key length in bytes.</summary>
    public static int KeyLength(this SrtpProfile profile) => 16;

    /// <summary>Master salt length in bytes: 112 bits for counter mode, 96 bits for GCM.</summary>
    public static int SaltLength(this SrtpProfile profile) => profile == SrtpProfile.AeadAes128Gcm ? 12 : 14;

    /// <summary>Bytes libsrtp appends to an RTP packet on protect: the auth tag.</summary>
    public static int RtpTrailerLength(this SrtpProfile profile) => profile == SrtpProfile.AeadAes128Gcm ? 16 : 10;

    /// <summary>Bytes libsrtp appends to an RTCP packet on protect: the E flag + SRTCP index, then the tag.</summary>
    public static int RtcpTrailerLength(this SrtpProfile profile) => 4 + (profile == SrtpProfile.AeadAes128Gcm ? 16 : 10);
}
