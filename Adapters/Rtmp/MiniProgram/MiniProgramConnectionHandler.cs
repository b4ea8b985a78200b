using InteropGateway.Adapters.Rtmp.Server;
using InteropGateway.Core.Relay;
using InteropGateway.Matrix;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InteropGateway.Adapters.Rtmp.MiniProgram;

/// <summary>
/// Kestrel entry point for the mini-program RTMP port: the same RTMP sessions as native RTMP,
/// tagged <c>miniprogram</c>, with signed URLs and low-latency starts.
/// </summary>
internal sealed class MiniProgramConnectionHandler(StreamHub hub, IOptionsMonitor<RtmpOptions> rtmp, MiniProgramAccess access,
    IHostApplicationLifetime lifetime, ILoggerFactory loggers) : ConnectionHandler
{
    private readonly ILogger _logger = loggers.CreateLogger("InteropGateway.MiniProgram");

    public override Task OnConnectedAsync(ConnectionContext connection)
    {
        var profile = new RtmpListenerProfile(Protocols.MiniProgram, access, access.NewLiveEdgeStart());
        return new RtmpServerSession(connection, hub, rtmp.CurrentValue, _logger, profile).RunAsync(lifetime.ApplicationStopping);
    }
}
