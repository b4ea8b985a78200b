using InteropGateway.Core.Relay;
using Microsoft.Extensions.Logging;

namespace InteropGateway.Adapters.RelayNode.Role;

/// <summary>
/// When a local player (any protocol) asks for a stream nobody publishes here and it matches
/// <see cref="RelayNodeOptions.Pull"/>, one <see cref="RelayPull"/> fetches it from the upstream
/// for all its players, until it has had no players for <see cref="RelayNodeOptions.PullIdleTimeout"/>.
/// </summary>
internal sealed class RelayPuller(StreamHub hub, RelayNodeLinks links, ILogger<RelayPuller> logger)
    : DemandedPuller<RelayPull>(hub, logger)
{
    protected override bool Enabled => links.Upstream is not null;
    protected override TimeSpan PullIdleTimeout => links.Options.PullIdleTimeout;

    // A stream we push up is ours: its players wait for its local publisher, not for our own echo.
    protected override bool WouldPull(StreamKey key) =>
        links.Upstream is not null && RelayPusher.Matches(RelayNodeOptions.PatternsOrAll(links.Options.Pull), key) && !links.IsPushing(key);

    protected override void OnPlayDemanded(StreamKey key)
    {
        if (links.Upstream is { } upstream && WouldPull(key))
            Pull(key, () => new RelayPull(key, Hub, upstream, links.Options, logger));
    }

    protected override void OnStarted(RelayPull pull) => links.Add(pull);
    protected override void OnEnded(RelayPull pull) => links.Remove(pull);
}
