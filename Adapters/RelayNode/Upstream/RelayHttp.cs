using System.Net;
using Microsoft.AspNetCore.Http;

namespace InteropGateway.Adapters.RelayNode.Upstream;

internal static class RelayHttp
{
    /// <summary>A refusal in HTTP terms: the status and the reason as a one-line body the relay node logs.</summary>
    public static Task RefuseAsync(HttpContext context, int status, string reason)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        if (status == StatusCodes.Status401Unauthorized)
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"relay\"";
        return context.Response.WriteAsync(reason + "\n", context.RequestAborted);
    }

    public static EndPoint? Remote(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } ip ? new IPEndPoint(ip, context.Connection.RemotePort) : null;
}
