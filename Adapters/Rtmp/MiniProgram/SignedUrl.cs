using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using InteropGateway.Core.Relay;
using Microsoft.AspNetCore.WebUtilities;

namespace InteropGateway.Adapters.Rtmp.MiniProgram;

/// <summary>
/// Signed mini-program URLs: <c>?expires=UNIX_SECONDS&amp;sign=HEX</c> on the stream name, where
/// <c>sign = hex(HMAC-SHA256(secret, "{action}/{app}/{stream}/{expires}"))</c> and action is
/// <c>publish</c> or <c>play</c>, so a viewer's URL cannot be used to push. Names cannot contain
/// '/', so the signed text is unambiguous.
/// </summary>
public static class SignedUrl
{
    public const string Publish = "publish";
    public const string Play = "play";
    private const int SignatureHexLength = 64;

    public static string Sign(string secret, string action, StreamKey key, long expiresUnixSeconds)
    {
        var message = $"{action}/{key.App}/{key.Stream}/{expiresUnixSeconds.ToString(CultureInfo.InvariantCulture)}";
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(message)));
    }

    /// <summary>The query to append (without '?') for a URL valid until <paramref name="expires"/>.</summary>
    public static string Query(string secret, string action, StreamKey key, DateTimeOffset expires)
    {
        var unix = expires.ToUnixTimeSeconds();
        return $"expires={unix}&sign={Sign(secret, action, key, unix)}";
    }

    /// <summary>Null when <paramref name="query"/> carries a valid, unexpired signature; else why not.</summary>
    public static string? Check(string secret, string action, StreamKey key, string query, DateTimeOffset now)
    {
        var parameters = QueryHelpers.ParseQuery(query);
        if (!parameters.TryGetValue("sign", out var sign) || !parameters.TryGetValue("expires", out var expiresText))
            return "unsigned URL: expires= and sign= are required";
        if (!long.TryParse(expiresText, NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
            return $"expires '{expiresText}' is not a Unix time in seconds";
        var given = sign.ToString();
        if (given.Length != SignatureHexLength || !given.All(char.IsAsciiHexDigit))
            return $"sign must be {SignatureHexLength} hex digits";
        var expected = Sign(secret, action, key, expires);
        // Compare before looking at the expiry, in constant time, so timing says nothing about the secret.
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(given.ToLowerInvariant()), Encoding.ASCII.GetBytes(expected)))
            return $"signature does not match {action} of {key}";
        var expiry = DateTimeOffset.FromUnixTimeSeconds(Math.Min(expires, DateTimeOffset.MaxValue.ToUnixTimeSeconds()));
        if (now > expiry)
            return $"URL expired at {expiry:yyyy-MM-ddTHH:mm:ssZ} ({(now - expiry).TotalSeconds:F0} s ago)";
        return null;
    }
}
