using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace InteropGateway.Core.Relay;

/// <summary>
/// On-demand pulls (a CDN edge, a relay node): when a local player (any protocol) asks for a stream
/// nobody publishes here, the subclass decides whether to pull it and builds the pull; one pull per
/// key serves all its players. A sweep stops pulls whose stream has had no players for
/// <see cref="PullIdleTimeout"/>, and restarts a pull that ended while players still wait.
/// </summary>
public abstract class DemandedPuller<TPull>(StreamHub hub, ILogger logger) : BackgroundService where TPull : DemandedPull
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMilliseconds(250);

    private readonly object _gate = new();
    private readonly Dictionary<StreamKey, (TPull Pull, Task Run)> _pulls = new();
    private CancellationToken _stopping = CancellationToken.None;
    private IDisposable? _onDemandSource;

    protected StreamHub Hub => hub;
    /// <summary>False when the role is off: nothing is pulled.</summary>
    protected virtual bool Enabled => true;
    protected abstract TimeSpan PullIdleTimeout { get; }

    /// <summary>Whether a player of <paramref name="key"/> would make this puller fetch it (its rules match); must be quick.</summary>
    protected abstract bool WouldPull(StreamKey key);

    /// <summary>
    /// Raised by the hub inside Subscribe, and by the sweep for players still waiting: must be quick.
    /// Calls <see cref="Pull"/> when the key is to be pulled.
    /// </summary>
    protected abstract void OnPlayDemanded(StreamKey key);

    /// <summary>A pull starts (to be shown in status) or has ended.</summary>
    protected abstract void OnStarted(TPull pull);
    protected abstract void OnEnded(TPull pull);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await base.StartAsync(cancellationToken).ConfigureAwait(false); // runs ExecuteAsync up to its first await: _stopping is set
        if (!Enabled)
            return;
        hub.PlayDemanded += OnPlayDemanded;
        _onDemandSource = hub.AddOnDemandSource(WouldPull);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        hub.PlayDemanded -= OnPlayDemanded;
        _onDemandSource?.Dispose();
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    protected sealed override async Task ExecuteAsync(CancellationToken stopping)
    {
        lock (_gate)
            _stopping = stopping;
        if (!Enabled)
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

    /// <summary>Starts the key's pull unless it has one (players demand a key many times) or the gateway is stopping.</summary>
    protected void Pull(StreamKey key, Func<TPull> create)
    {
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested || _pulls.ContainsKey(key))
                return;
            var pull = create();
            OnStarted(pull);
            _pulls[key] = (pull, Task.Run(() => RunAsync(pull, _stopping)));
        }
    }

    private async Task RunAsync(TPull pull, CancellationToken stopping)
    {
        try
        {
            await pull.RunAsync(stopping).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "{Pull} of {Stream} failed unexpectedly", pull.Name, pull.Key);
        }
        finally
        {
            OnEnded(pull);
        }
    }

    private void Sweep()
    {
        var idleTimeout = PullIdleTimeout;
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
        // A pull that ended (the upstream refused, the key was published here meanwhile) while players still wait.
        foreach (var key in restart ?? [])
            if (hub.Find(key) is { IsLive: false })
                OnPlayDemanded(key);
    }
}
