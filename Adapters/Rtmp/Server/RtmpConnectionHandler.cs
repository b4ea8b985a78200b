using InteropGateway.Core.Relay;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InteropGateway.Adapters.Rtmp.Server;

/// <summary>Kestrel entry point for the RTMP port: one <see cref="RtmpServerSession"/> per TCP connection.</summary>
internal sealed class RtmpConnectionHandler(StreamHub hub, IOptionsMonitor<RtmpOptions> options, IHostApplicationLifetime lifetime, ILoggerFactory loggers) : ConnectionHandler
{
    private readonly ILogger _logger = loggers.CreateLogger("InteropGateway.Rtmp");

    public override Task OnConnectedAsync(ConnectionContext connection) =>
        new RtmpServerSession(connection, hub, options.CurrentValue, _logger).RunAsync(lifetime.ApplicationStopping);
}
