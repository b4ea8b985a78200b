using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace InteropGateway.Host.Tls;

/// <summary>
/// The multiplexed port's certificate: the configured one, else a self-signed one generated at the
/// first start and reused afterwards (regenerated when it expires), so clients that pin it keep working
/// across restarts. Its SHA-256 fingerprint is logged for pinning (the relay node's
/// <c>UpstreamCertificateSha256</c>) and for checking a browser's warning.
/// </summary>
public sealed class TlsCertificateSource(TlsOptions options, ILogger<TlsCertificateSource> logger)
{
    private static readonly TimeSpan SelfSignedValidity = TimeSpan.FromDays(397); // the longest browsers accept
    private static readonly Lock GenerationGate = new(); // gateways in one process (tests) share the file
    private readonly Lazy<X509Certificate2> _certificate = new(() => Load(options, logger));

    public X509Certificate2 Certificate => _certificate.Value;

    /// <summary>Uppercase hex SHA-256 of the DER certificate, colon-separated (as browsers and openssl show it).</summary>
    public string Sha256Fingerprint => Fingerprint(Certificate);

    private static X509Certificate2 Load(TlsOptions options, ILogger logger)
    {
        var certificate = string.IsNullOrEmpty(options.CertificatePath)
            ? LoadOrCreateSelfSigned(options, logger)
            : LoadConfigured(options);
        logger.LogInformation("TLS certificate {Subject}, valid until {NotAfter:yyyy-MM-dd}, SHA-256 {Fingerprint}",
            certificate.Subject, certificate.NotAfter, Fingerprint(certificate));
        return certificate;
    }

    private static string Fingerprint(X509Certificate2 certificate) =>
        string.Join(':', Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256)).Chunk(2).Select(pair => new string(pair)));

    private static X509Certificate2 LoadConfigured(TlsOptions options)
    {
        var path = ResolvePath(options.CertificatePath);
        if (!File.Exists(path))
            throw new InvalidOperationException($"Gateway:Tls:CertificatePath {path} does not exist");
        var password = string.IsNullOrEmpty(options.CertificatePassword) ? null : options.CertificatePassword;
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is ".pfx" or ".p12")
            return X509CertificateLoader.LoadPkcs12FromFile(path, password);
        var keyPath = string.IsNullOrEmpty(options.KeyPath) ? null : ResolvePath(options.KeyPath);
        var pem = password is null
            ? X509Certificate2.CreateFromPemFile(path, keyPath)
            : X509Certificate2.CreateFromEncryptedPemFile(path, password, keyPath);
        // SslStream on Linux wants a key it can export into its own handle; a PKCS#12 round trip gives one.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    private static X509Certificate2 LoadOrCreateSelfSigned(TlsOptions options, ILogger logger)
    {
        var path = ResolvePath(options.SelfSignedPath);
        lock (GenerationGate)
        {
            if (File.Exists(path))
            {
                try
                {
                    var existing = X509CertificateLoader.LoadPkcs12FromFile(path, null);
                    if (existing.NotAfter > DateTime.Now.AddDays(1) && existing.HasPrivateKey)
                        return existing;
                    logger.LogWarning("Self-signed TLS certificate {Path} expired on {NotAfter:yyyy-MM-dd}; generating a new one", path, existing.NotAfter);
                }
                catch (CryptographicException e)
                {
                    logger.LogWarning("Self-signed TLS certificate {Path} is unreadable ({Error}); generating a new one", path, e.Message);
                }
            }
            var pfx = CreateSelfSigned(options.SelfSignedNames);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temporary = path + "." + Environment.ProcessId + ".tmp";
            File.WriteAllBytes(temporary, pfx);
            File.Move(temporary, path, overwrite: true);
            logger.LogInformation("Generated a self-signed TLS certificate at {Path}; set Gateway:Tls:CertificatePath for a real one", path);
            return X509CertificateLoader.LoadPkcs12(pfx, null);
        }
    }

    private static byte[] CreateSelfSigned(IEnumerable<string> extraNames)
    {
        using var key = RSA.Create(2048); // RSA: every RTMPS client and proxy handles it
        var request = new CertificateRequest($"CN=InteropGateway {Dns.GetHostName()}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var name in new[] { "localhost", Dns.GetHostName(), "127.0.0.1", "::1" }.Concat(extraNames).Distinct())
        {
            if (IPAddress.TryParse(name, out var address))
                names.AddIpAddress(address);
            else
                names.AddDnsName(name);
        }
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false)); // serverAuth
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.Add(SelfSignedValidity));
        return certificate.Export(X509ContentType.Pkcs12);
    }

    private static string ResolvePath(string path) =>
        Path.IsPathRooted(path) ? path : Path.Combine(AppContext.BaseDirectory, path);
}
