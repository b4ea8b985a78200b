using System.Security.Cryptography;
using System.Text;

namespace InteropGateway.Adapters.WebRtc.Dtls;

/// <summary>
/// A certificate fingerprint as carried by SDP a=fingerprint (RFC 8122 §5): a hash name and the digest,
/// written as upper-case hex pairs separated by colons.
/// </summary>
public sealed class DtlsFingerprint : IEquatable<DtlsFingerprint>
{
    public string Algorithm { get; }
    public byte[] Digest { get; }

    public DtlsFingerprint(string algorithm, byte[] digest)
    {
        Algorithm = algorithm.ToLowerInvariant();
        Digest = digest;
    }

    /// <summary>Hashes a DER certificate with the named algorithm (sha-1, sha-256, sha-384, sha-512).</summary>
    public static DtlsFingerprint Of(ReadOnlySpan<byte> derCertificate, string algorithm) => algorithm.ToLowerInvariant() switch
    {
        "sha-256" => new("sha-256", SHA256.HashData(derCertificate)),
        "sha-384" => new("sha-384", SHA384.HashData(derCertificate)),
        "sha-512" => new("sha-512", SHA512.HashData(derCertificate)),
        "sha-1" => new("sha-1", SHA1.HashData(derCertificate)),
        _ => throw new NotSupportedException($"Fingerprint hash '{algorithm}' is not supported."),
    };

    /// <summary>Parses "sha-256 AB:CD:..." (the value of a=fingerprint).</summary>
    public static bool TryParse(string? text, out DtlsFingerprint? fingerprint)
    {
        fingerprint = null;
        if (string.IsNullOrWhiteSpace(text))
            return false;
        var parts = text.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2)
            return false;
        var algorithm = parts[0].ToLowerInvariant();
        if (algorithm is not ("sha-1" or "sha-256" or "sha-384" or "sha-512"))
            return false;
        var pairs = parts[1].Trim().Split(':');
        var digest = new byte[pairs.Length];
        for (var i = 0; i < pairs.Length; i++)
        {
            if (pairs[i].Length != 2 || !byte.TryParse(pairs[i], System.Globalization.NumberStyles.HexNumber, null, out digest[i]))
                return false;
        }
        fingerprint = new DtlsFingerprint(algorithm, digest);
        return true;
    }

    public static DtlsFingerprint Parse(string text) =>
        TryParse(text, out var fingerprint) ? fingerprint! : throw new FormatException($"Not an SDP fingerprint: '{text}'");

    /// <summary>True when the DER certificate hashes to this fingerprint (constant-time compare).</summary>
    public bool Matches(ReadOnlySpan<byte> derCertificate) =>
        CryptographicOperations.FixedTimeEquals(Of(derCertificate, Algorithm).Digest, Digest);

    /// <summary>"sha-256 AB:CD:..." for SDP.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(Algorithm.Length + 1 + Digest.Length * 3);
        text.Append(Algorithm).Append(' ');
        for (var i = 0; i < Digest.Length; i++)
        {
            if (i > 0)
                text.Append(':');
            text.Append(Digest[i].ToString("X2"));
        }
        return text.ToString();
    }

    public bool Equals(DtlsFingerprint? other) =>
        other is not null && Algorithm == other.Algorithm && Digest.AsSpan().SequenceEqual(other.Digest);

    public override bool Equals(object? obj) => Equals(obj as DtlsFingerprint);

    public override int GetHashCode() => HashCode.Combine(Algorithm, Digest.Length > 0 ? Digest[0] : 0);
}
