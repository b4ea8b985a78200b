using InteropGateway.Adapters.RelayNode.Link;
using InteropGateway.Core.Relay;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace InteropGateway.Adapters.RelayNode.Role;

/// <summary>
/// Starts a <see cref="RelayPush"/> for every live local stream that matches
/// <see cref="RelayNodeOptions.Publish"/>: at once when the hub says a stream was published, and
/// every <see cref="PollInterval"/> for what that can't catch (a push that ended while the stream
/// is live again). Streams this node pulled down from the upstream are never pushed back up.
/// </summary>
internal sealed class RelayPusher(StreamHub hub, RelayNodeLinks links, ILogger<RelayPusher> logger) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private readonly Dictionary<StreamKey, Task> _running = new();

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        if (links.Upstream is not { } upstream)
            return;
        await PublishPoller.RunAsync(hub, PollInterval, () => StartMissingPushes(upstream, stopping), stopping).ConfigureAwait(false);
        await Task.WhenAll(_running.Values).ConfigureAwait(false);
    }

    private void StartMissingPushes(UpstreamClients upstream, CancellationToken stopping)
    {
        foreach (var finished in _running.Where(p => p.Value.IsCompleted).Select(p => p.Key).ToArray())
            _running.Remove(finished);
        var patterns = RelayNodeOptions.PatternsOrAll(links.Options.Publish);
        foreach (var stream in hub.Streams)
        {
            if (!stream.IsLive || _running.ContainsKey(stream.Key) || !Matches(patterns, stream.Key))
                continue;
            if (stream.Publisher?.Transport == RelayTransports.Pull)
                continue; // came from the upstream: pushing it back would loop
            var push = new RelayPush(stream.Key, hub, upstream, links.Options, logger);
            _running[stream.Key] = RunAsync(push, stopping);
        }
    }

    internal static bool Matches(IReadOnlyList<string> patterns, StreamKey key)
    {
        var name = key.ToString();
        return patterns.Any(p => GlobPattern.IsMatch(p, name));
    }

    private async Task RunAsync(RelayPush push, CancellationToken stopping)
    {
        links.Add(push);
        try
        {
            await Task.Yield(); // off the poll loop
            await push.RunAsync(stopping).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Relay push of {Stream} failed unexpectedly", push.Key);
        }
        finally
        {
            links.Remove(push);
        }
    }
}
