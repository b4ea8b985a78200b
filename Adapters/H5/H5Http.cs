using Microsoft.AspNetCore.Http;

namespace InteropGateway.Adapters.H5;

internal static class H5Http
{
    /// <summary>An HTTP refusal with its reason as the body; never cacheable (a stream may be published a second later).</summary>
    public static Task RefuseAsync(HttpContext context, int status, string reason)
    {
        context.Response.StatusCode = status;
        context.Response.Headers.CacheControl = "no-cache, no-store, must-revalidate";
        context.Response.Headers.AccessControlAllowOrigin = "*";
        return context.Response.WriteAsync(reason + "\n", context.RequestAborted);
    }
}
