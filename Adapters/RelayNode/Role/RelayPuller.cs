using InteropGateway.Core.Relay;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace InteropGateway.Adapters.RelayNode.Role;

/// <summary>
/// When a local player (any protocol) asks for a stream nobody publishes here and it matches
/// <see cref="RelayNodeOptions.Pull"/>, one <see cref="RelayPull"/> fetches it from the upstream
/// for all its players. A sweep stops pulls whose stream has had no players for
/// <see cref="RelayNodeOptions.PullIdleTimeout"/>, and restarts a pull that ended while players still wait.
/// </summary>
internal sealed class RelayPuller(StreamHub hub, RelayNodeLinks links, ILogger<RelayPuller> logger) : BackgroundService
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMilliseconds(250);

    private readonly object _gate = new();
    private readonly Dictionary<StreamKey, (RelayPull Pull, Task Run)> _pulls = new();
    private CancellationToken _stopping = CancellationToken.None;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await base.StartAsync(cancellationToken).ConfigureAwait(false); // runs ExecuteAsync up to its first await: _stopping is set
        if (links.Upstream is not null)
            hub.PlayDemanded += OnPlayDemanded;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        hub.PlayDemanded -= OnPlayDemanded;
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        lock (_gate)
            _stopping = stopping;
        if (links.Upstream is null)
            return;
        using var timer = new PeriodicTimer(SweepInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
                Sweep();
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        Task[] running;
        lock (_gate)
            running = _pulls.Values.Select(p => p.Run).ToArray();
        await Task.WhenAll(running).ConfigureAwait(false);
    }

    /// <summary>Raised by the hub inside Subscribe: must be quick, and deduplicates per key.</summary>
    private void OnPlayDemanded(StreamKey key)
    {
        if (links.Upstream is not { } upstream || !RelayPusher.Matches(RelayNodeOptions.PatternsOrAll(links.Options.Pull), key))
            return;
        // A stream we push up is ours: its players wait for its local publisher, not for our own echo.
        if (links.IsPushing(key))
            return;
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested || _pulls.ContainsKey(key))
                return;
            var pull = new RelayPull(key, hub, upstream, links.Options, logger);
            links.Add(pull);
            _pulls[key] = (pull, Task.Run(() => RunAsync(pull, _stopping)));
        }
    }

    private async Task RunAsync(RelayPull pull, CancellationToken stopping)
    {
        try
        {
            await pull.RunAsync(stopping).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Relay pull of {Stream} failed unexpectedly", pull.Key);
        }
        finally
        {
            links.Remove(pull);
        }
    }

    private void Sweep()
    {
        var idleTimeout = links.Options.PullIdleTimeout;
        List<StreamKey>? restart = null;
        lock (_gate)
        {
            foreach (var (key, (pull, run)) in _pulls.ToArray())
            {
                var players = hub.Find(key)?.Subscribers.Count ?? 0;
                if (run.IsCompleted)
                {
                    _pulls.Remove(key);
                    if (players > 0)
                        (restart ??= []).Add(key);
                    continue;
                }
                if (players > 0)
                {
                    pull.IdleSince = null;
                    continue;
                }
                pull.IdleSince ??= DateTimeOffset.UtcNow;
                if (DateTimeOffset.UtcNow - pull.IdleSince >= idleTimeout)
                    pull.Stop($"idle: no players for {idleTimeout.TotalSeconds:F0} s");
            }
        }
        // A pull that ended (e.g. the key was published here meanwhile) while players still wait.
        foreach (var key in restart ?? [])
            if (hub.Find(key) is { IsLive: false })
                OnPlayDemanded(key);
    }
}
