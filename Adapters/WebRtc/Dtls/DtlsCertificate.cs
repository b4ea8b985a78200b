using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using TlsCertificate = Org.BouncyCastle.Crypto.Tls.Certificate;

namespace InteropGateway.Adapters.WebRtc.Dtls;

/// <summary>
/// The gateway's DTLS identity: an ECDSA P-256 self-signed certificate, generated once per process.
/// Browsers trust it through the a=fingerprint line of our SDP, never through a CA, so it needs no name or chain.
/// </summary>
public sealed class DtlsCertificate
{
    public AsymmetricKeyParameter PrivateKey { get; }
    public X509CertificateStructure Certificate { get; }

    /// <summary>SHA-256 of the DER certificate, as SDP wants it: "sha-256 AB:CD:...".</summary>
    public DtlsFingerprint Fingerprint { get; }

    private DtlsCertificate(AsymmetricKeyParameter privateKey, X509CertificateStructure certificate)
    {
        PrivateKey = privateKey;
        Certificate = certificate;
        Fingerprint = DtlsFingerprint.Of(certificate.GetDerEncoded(), "sha-256");
    }

    internal TlsCertificate Chain => new([Certificate]);

    public static DtlsCertificate Generate(string commonName = "InteropGateway")
    {
        var random = new SecureRandom();
        var generator = new ECKeyPairGenerator("ECDSA");
        generator.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, random));
        var keys = generator.GenerateKeyPair();

        var name = new X509Name("CN=" + commonName);
        var builder = new X509V3CertificateGenerator();
        builder.SetSerialNumber(BigInteger.ProbablePrime(120, random));
        builder.SetIssuerDN(name);
        builder.SetSubjectDN(name);
        // Back-dated a day so a peer with a slightly slow clock does not see it "not yet valid".
        builder.SetNotBefore(DateTime.UtcNow.AddDays(-1));
        builder.SetNotAfter(DateTime.UtcNow.AddDays(365));
        builder.SetPublicKey(keys.Public);
        var certificate = builder.Generate(new Asn1SignatureFactory("SHA256WITHECDSA", keys.Private, random));
        return new DtlsCertificate(keys.Private, X509CertificateStructure.GetInstance(certificate.GetEncoded()));
    }
}
