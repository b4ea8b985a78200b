using System.Security.Cryptography;
using System.Text;
using InteropGateway.Core.Relay;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace InteropGateway.Adapters.RelayNode.Upstream;

/// <summary>Admits a relay node's request: a valid stream key, and its <c>Authorization: Bearer</c> against <see cref="RelayNodeOptions.AcceptToken"/>.</summary>
internal sealed class RelayAccess(IOptionsMonitor<RelayNodeOptions> options)
{
    /// <summary>The endpoint's refusal: logs it its own way, then answers (<see cref="RelayHttp.RefuseAsync"/>).</summary>
    public delegate Task Refusal(HttpContext context, int status, string stream, string reason);

    /// <summary>The stream the request names, or null once it has been refused (400 bad key, 401 token).</summary>
    public async Task<StreamKey?> AdmitAsync(HttpContext context, string app, string stream, Refusal refuse)
    {
        if (!StreamKey.TryCreate(app, stream, out var key, out var error))
        {
            await refuse(context, StatusCodes.Status400BadRequest, $"{app}/{stream}", error);
            return null;
        }
        if (Check(context.Request) is { } denied)
        {
            await refuse(context, StatusCodes.Status401Unauthorized, key.Value.ToString(), denied);
            return null;
        }
        return key;
    }

    /// <summary>Null when the request may pass; otherwise why not.</summary>
    private string? Check(HttpRequest request)
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
