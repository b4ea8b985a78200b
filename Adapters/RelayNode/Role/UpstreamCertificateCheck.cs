using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace InteropGateway.Adapters.RelayNode.Role;

/// <summary>
/// Validates the upstream's TLS certificate: by its SHA-256 fingerprint when one is pinned (a
/// gateway's self-signed certificate, whose fingerprint it logs at start), otherwise by the normal
/// chain and host-name checks. Says exactly why a certificate was refused: the TLS exception alone
/// only says "rejected by the callback".
/// </summary>
internal sealed class UpstreamCertificateCheck(string pinnedSha256, ILogger logger)
{
    private readonly string _pin = Normalize(pinnedSha256);

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            logger.LogWarning("Relay node: the upstream sent no TLS certificate");
            return false;
        }
        if (_pin.Length > 0)
        {
            var actual = Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData()));
            if (actual == _pin)
                return true;
            logger.LogWarning("Relay node: TLS certificate of the upstream ({Subject}) has SHA-256 {Actual}, not the pinned {Pinned}; refusing the connection",
                certificate.Subject, actual, _pin);
            return false;
        }
        if (errors == SslPolicyErrors.None)
            return true;
        logger.LogWarning("Relay node: TLS certificate of the upstream ({Subject}) is not trusted: {Errors}{Chain}; pin its SHA-256 in Gateway:RelayNode:UpstreamCertificateSha256 if it is self-signed",
            certificate.Subject, errors, chain is null ? "" : " (" + string.Join(", ", chain.ChainStatus.Select(s => s.StatusInformation.Trim())) + ")");
        return false;
    }

    /// <summary>Upper-case hex without separators: "ab:cd" and "AB CD" pin the same certificate.</summary>
    private static string Normalize(string fingerprint) =>
        new string(fingerprint.Where(Uri.IsHexDigit).ToArray()).ToUpperInvariant();
}
