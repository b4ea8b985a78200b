using InteropGateway.Adapters.Rtmp.Client;
using InteropGateway.Core.Relay;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InteropGateway.Adapters.Rtmp.Cdn;

/// <summary>
/// Edge role: when a player (any protocol) asks for a stream nobody publishes and a pull rule
/// matches, one <see cref="CdnPull"/> fetches it from the upstream for all its players, until it
/// has had no players for <see cref="CdnOptions.PullIdleTimeout"/>.
/// </summary>
internal sealed class CdnPuller(StreamHub hub, IOptionsMonitor<CdnOptions> options, CdnStatus status, ILogger<CdnPuller> logger)
    : DemandedPuller<CdnPull>(hub, logger)
{
    protected override TimeSpan PullIdleTimeout => options.CurrentValue.PullIdleTimeout;

    protected override bool WouldPull(StreamKey key) => options.CurrentValue.Pull.Any(r => r.Matches(key));

    protected override void OnPlayDemanded(StreamKey key)
    {
        var settings = options.CurrentValue;
        var rule = settings.Pull.FirstOrDefault(r => r.Matches(key));
        if (rule is null)
            return;
        if (!rule.TryExpand(key, out var url, out var error))
        {
            logger.LogError("CDN pull rule {Rule} has a bad URL for {Stream}: {Error}", rule, key, error);
            return;
        }
        var clientOptions = new RtmpClientOptions { Timeout = settings.ConnectTimeout, ValidateCertificate = rule.ValidateCertificate };
        Pull(key, () => new CdnPull(key, url!, clientOptions, settings, Hub, new CdnLink("pull", key, url!.Redacted), logger));
    }

    protected override void OnStarted(CdnPull pull) => status.Add(pull.Link);
    protected override void OnEnded(CdnPull pull) => status.Remove(pull.Link);
}
