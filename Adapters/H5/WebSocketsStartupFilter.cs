using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace InteropGateway.Adapters.H5;

/// <summary>
/// Puts the WebSocket middleware at the front of the pipeline, so the adapter needs no line in the
/// host beyond its registration. Kestrel answers pings and keeps the connection alive.
/// </summary>
internal sealed class WebSocketsStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(15) });
        next(app);
    };
}
