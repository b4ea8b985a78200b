using InteropGateway.Adapters.Rtmp.Client;
using InteropGateway.Core.Relay;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InteropGateway.Adapters.Rtmp.Cdn;

/// <summary>
/// Starts a <see cref="CdnForward"/> for every live stream that matches a forward rule: at once
/// when the hub says a stream was published, and every <see cref="PollInterval"/> for what that
/// can't catch (a rule added by a config reload for a stream that is already live, a forward that ended).
/// </summary>
internal sealed class CdnForwarder(StreamHub hub, IOptionsMonitor<CdnOptions> options, CdnStatus status, ILogger<CdnForwarder> logger)
    : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private readonly Dictionary<(StreamKey Key, string Url), Task> _running = new();
    private readonly HashSet<string> _badUrlsReported = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        await PublishPoller.RunAsync(hub, PollInterval, () => StartMissingForwards(options.CurrentValue, stopping), stopping).ConfigureAwait(false);
        await Task.WhenAll(_running.Values).ConfigureAwait(false);
    }

    private void StartMissingForwards(CdnOptions settings, CancellationToken stopping)
    {
        foreach (var finished in _running.Where(p => p.Value.IsCompleted).Select(p => p.Key).ToArray())
            _running.Remove(finished);
        if (settings.Forward.Count == 0)
            return;
        foreach (var stream in hub.Streams)
        {
            if (!stream.IsLive)
                continue;
            foreach (var rule in settings.Forward)
            {
                if (!rule.Matches(stream.Key))
                    continue;
                if (!rule.TryExpand(stream.Key, out var url, out var error))
                {
                    if (_badUrlsReported.Add(rule.Url))
                        logger.LogError("CDN forward rule {Rule} has a bad URL: {Error}", rule, error);
                    continue;
                }
                var slot = (stream.Key, url!.ToString());
                if (!_running.ContainsKey(slot))
                    _running[slot] = RunAsync(Create(stream.Key, url, rule, settings), stopping);
            }
        }
    }

    private CdnForward Create(StreamKey key, RtmpUrl url, CdnRule rule, CdnOptions settings)
    {
        var clientOptions = new RtmpClientOptions { Timeout = settings.ConnectTimeout, ValidateCertificate = rule.ValidateCertificate };
        return new CdnForward(key, url, clientOptions, settings, hub, new CdnLink("forward", key, url.Redacted), logger);
    }

    private async Task RunAsync(CdnForward forward, CancellationToken stopping)
    {
        status.Add(forward.Link);
        try
        {
            await Task.Yield(); // off the poll loop
            await forward.RunAsync(stopping).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "CDN forward of {Stream} to {Target} failed unexpectedly", forward.Link.Stream, forward.Link.Url);
        }
        finally
        {
            status.Remove(forward.Link);
        }
    }
}
