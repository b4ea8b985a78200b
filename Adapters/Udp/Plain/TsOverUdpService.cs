using InteropGateway.Codecs.Containers.MpegTs;
using InteropGateway.Core.Relay;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InteropGateway.Adapters.Udp.Plain;

/// <summary>
/// Runs the configured MPEG-TS over UDP routes: every input receives for the gateway's lifetime;
/// every output starts when the hub says its stream was published. A route with a bad stream
/// name or URL is reported and left out; the others run.
/// </summary>
internal sealed class TsOverUdpService(StreamHub hub, IOptions<TsOverUdpOptions> options, ILogger<TsOverUdpService> logger) : BackgroundService
{
    /// <summary>The largest UDP payload over IPv4, rounded down to whole TS packets.</summary>
    private const int MaxDatagramBytes = 65_507 / TsConstants.PacketSize * TsConstants.PacketSize;

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        var settings = options.Value;
        if (settings.DatagramBytes is < TsConstants.PacketSize or > MaxDatagramBytes)
        {
            logger.LogError("Gateway:Udp:DatagramBytes={Bytes} is outside 188..{Max}; using 1316 (7 TS packets)", settings.DatagramBytes, MaxDatagramBytes);
            settings.DatagramBytes = 1316;
        }
        var inputs = new List<Task>();
        foreach (var route in settings.Inputs)
            if (TryResolve(route, "input", out var key, out var url))
                inputs.Add(new UdpInputRoute(key, url, hub, settings, logger).RunAsync(stopping));
        var outputs = new List<UdpOutputRoute>();
        foreach (var route in settings.Outputs)
            if (TryResolve(route, "output", out var key, out var url))
                outputs.Add(new UdpOutputRoute(key, url, hub, settings, logger));
        if (inputs.Count == 0 && outputs.Count == 0)
            return;

        Action<LiveStream> onPublished = stream =>
        {
            foreach (var output in outputs)
                if (output.Key == stream.Key)
                    output.StartIfLive();
        };
        hub.Published += onPublished;
        try
        {
            foreach (var output in outputs)
            {
                output.Announce(stopping);
                output.StartIfLive();
            }
            await Task.Delay(Timeout.Infinite, stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        finally
        {
            hub.Published -= onPublished;
        }
        await Task.WhenAll(inputs.Concat(outputs.Select(o => o.Current)));
    }

    private bool TryResolve(UdpRoute route, string direction, out StreamKey key, out UdpUrl url)
    {
        key = default;
        url = null!;
        var parts = route.Stream.Split('/');
        if (parts.Length != 2 || !StreamKey.TryCreate(parts[0], parts[1], out var parsed, out var keyError))
        {
            logger.LogError("UDP {Direction} route '{Route}' is off: stream must be app/stream", direction, route);
            return false;
        }
        if (!UdpUrl.TryParse(route.Url, out var parsedUrl, out var urlError))
        {
            logger.LogError("UDP {Direction} route '{Route}' is off: {Error}", direction, route, urlError);
            return false;
        }
        key = parsed.Value;
        url = parsedUrl;
        return true;
    }
}
