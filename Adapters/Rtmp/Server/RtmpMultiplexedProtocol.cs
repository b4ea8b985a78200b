using System.Buffers;
using InteropGateway.Core.Hosting;
using InteropGateway.Core.Relay;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InteropGateway.Adapters.Rtmp.Server;

/// <summary>
/// Native RTMP on the single multiplexed port: plain RTMP, and RTMPS once TLS is off the connection.
/// C0 is the protocol version, 3, and no TLS record (0x16) or HTTP method starts with it.
/// </summary>
internal sealed class RtmpMultiplexedProtocol(StreamHub hub, IOptionsMonitor<RtmpOptions> options, IHostApplicationLifetime lifetime, ILoggerFactory loggers) : IMultiplexedProtocol
{
    private const byte RtmpVersion = 3;
    private readonly ILogger _logger = loggers.CreateLogger("InteropGateway.Rtmp");

    public string Name => "rtmp";

    public ProbeResult Probe(ReadOnlySequence<byte> firstBytes) =>
        firstBytes.FirstSpan[0] == RtmpVersion ? ProbeResult.Match : ProbeResult.NoMatch;

    public Task ServeAsync(ConnectionContext connection) =>
        new RtmpServerSession(connection, hub, options.CurrentValue, _logger).RunAsync(lifetime.ApplicationStopping);
}
