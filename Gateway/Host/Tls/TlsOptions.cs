namespace InteropGateway.Host.Tls;

/// <summary>
/// The single multiplexed port, section <c>Gateway:Tls</c>: TLS carrying HTTPS, WSS, RTMPS and ICE-TCP,
/// plus plain RTMP, plain ICE-TCP and plain HTTP recognised from the first bytes.
/// </summary>
public sealed class TlsOptions
{
    public const string Section = "Gateway:Tls";

    public bool Enabled { get; set; } = true;

    /// <summary>8443 by default so a first run needs no privileges; 443 in production.</summary>
    public int Port { get; set; } = 8443;

    /// <summary>Address to bind; empty means <c>Gateway:BindAddress</c>.</summary>
    public string BindAddress { get; set; } = "";

    /// <summary>PKCS#12 (.pfx/.p12) or PEM certificate file. Empty: a self-signed certificate at <see cref="SelfSignedPath"/>.</summary>
    public string CertificatePath { get; set; } = "";

    /// <summary>PEM private key file when <see cref="CertificatePath"/> is a PEM certificate without its key.</summary>
    public string KeyPath { get; set; } = "";

    /// <summary>Password of the PKCS#12 file or of an encrypted PEM key.</summary>
    public string CertificatePassword { get; set; } = "";

    /// <summary>Where the self-signed certificate is kept (relative paths: next to the binary); generated when missing or expired.</summary>
    public string SelfSignedPath { get; set; } = "tls/self-signed.pfx";

    /// <summary>Extra DNS names or IP addresses for the self-signed certificate (localhost, the host name and loopback are always in).</summary>
    public List<string> SelfSignedNames { get; set; } = [];

    /// <summary>How long a new connection has to send enough bytes to be recognised, before and inside TLS.</summary>
    public TimeSpan FirstBytesTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a TLS handshake may take.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// TLS 1.2 for clients whose ClientHello offers no ALPN (RTMPS encoders and players), so librtmp-based
    /// ones work; browsers and HTTP clients keep TLS 1.3.
    /// </summary>
    public bool Tls12WithoutAlpn { get; set; } = true;

    /// <summary>Serve plain HTTP on this port too (the API and players without TLS, for a TLS-terminating proxy in front).</summary>
    public bool AllowPlainHttp { get; set; } = true;
}
