using System.Collections;
using InteropGateway.Adapters.WebRtc.Native;
using Org.BouncyCastle.Crypto.Tls;

namespace InteropGateway.Adapters.WebRtc.Dtls;

/// <summary>
/// What both our DTLS server and client offer and check: ECDHE-ECDSA suites (our certificate is P-256,
/// as are browsers'), the use_srtp profiles, and the peer certificate against its SDP fingerprint.
/// </summary>
internal static class DtlsSrtpPolicy
{
    public static readonly int[] CipherSuites =
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
        // DTLS 1.0 peers (old Firefox) have no GCM or SHA-256 suites.
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
    ];

    /// <summary>Our preference order when the peer offers several.</summary>
    public static readonly SrtpProfile[] Profiles = [SrtpProfile.AeadAes128Gcm, SrtpProfile.Aes128CmHmacSha1_80];

    public static int[] ProfileIds(IReadOnlyList<SrtpProfile> profiles)
    {
        var ids = new int[profiles.Count];
        for (var i = 0; i < ids.Length; i++)
            ids[i] = (int)profiles[i];
        return ids;
    }

    /// <summary>The first of our profiles the peer offered, or null.</summary>
    public static SrtpProfile? Choose(IReadOnlyList<SrtpProfile> ours, int[]? offered)
    {
        if (offered is null)
            return null;
        foreach (var profile in ours)
        {
            if (Array.IndexOf(offered, (int)profile) >= 0)
                return profile;
        }
        return null;
    }

    public static TlsSignerCredentials SignerCredentials(TlsContext context, DtlsCertificate certificate)
    {
        // DTLS 1.2 signs with an explicit algorithm pair; DTLS 1.0 uses the implicit one.
        var algorithm = TlsUtilities.IsTlsV12(context)
            ? new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa)
            : null;
        return new DefaultTlsSignerCredentials(context, certificate.Chain, certificate.PrivateKey, algorithm);
    }

    public static IList SupportedSignatureAlgorithms() => new ArrayList
    {
        new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa),
        new SignatureAndHashAlgorithm(HashAlgorithm.sha384, SignatureAlgorithm.ecdsa),
        new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.rsa),
        new SignatureAndHashAlgorithm(HashAlgorithm.sha1, SignatureAlgorithm.ecdsa),
        new SignatureAndHashAlgorithm(HashAlgorithm.sha1, SignatureAlgorithm.rsa),
    };

    /// <summary>
    /// WebRTC authenticates peers by certificate fingerprint, not by CA (RFC 8827 §6.5): the first
    /// certificate must hash to what the peer's SDP announced. Returns the failure reason, or null.
    /// </summary>
    public static string? CheckPeerCertificate(Certificate? chain, DtlsFingerprint expected)
    {
        if (chain is null || chain.IsEmpty)
            return "peer sent no certificate";
        var der = chain.GetCertificateAt(0).GetDerEncoded();
        return expected.Matches(der)
            ? null
            : $"peer certificate {DtlsFingerprint.Of(der, expected.Algorithm)} does not match the SDP fingerprint {expected}";
    }

    public static SrtpKeyingMaterial ExportKeys(TlsContext context, SrtpProfile profile, DtlsRole role)
    {
        var exported = context.ExportKeyingMaterial(SrtpKeyingMaterial.ExporterLabel, null, SrtpKeyingMaterial.ExportLength(profile));
        try
        {
            return SrtpKeyingMaterial.FromExporter(profile, exported, role);
        }
        finally
        {
            Array.Clear(exported);
        }
    }

    public static string DescribeAlert(byte level, byte description) =>
        $"{AlertLevel.GetText(level)} alert {AlertDescription.GetText(description)}";
}
