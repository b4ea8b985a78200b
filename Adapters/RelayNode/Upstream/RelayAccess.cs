using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace InteropGateway.Adapters.RelayNode.Upstream;

/// <summary>Checks a relay node's <c>Authorization: Bearer</c> against <see cref="RelayNodeOptions.AcceptToken"/>.</summary>
internal sealed class RelayAccess(IOptionsMonitor<RelayNodeOptions> options)
{
    /// <summary>Null when the request may pass; otherwise why not.</summary>
    public string? Check(HttpRequest request)
    {
        var expected = options.CurrentValue.AcceptToken;
        if (string.IsNullOrEmpty(expected))
            return null;
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            return "relay token required (Authorization: Bearer)";
        var given = Encoding.UTF8.GetBytes(header[scheme.Length..].Trim());
        // Constant time: the comparison must not tell a prober how many leading bytes were right.
        return CryptographicOperations.FixedTimeEquals(given, Encoding.UTF8.GetBytes(expected)) ? null : "wrong relay token";
    }
}
