using InteropGateway.Adapters.Rtmp.Client;
using InteropGateway.Core.Relay;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InteropGateway.Adapters.Rtmp.Cdn;

/// <summary>
/// Edge role: when a player (any protocol) asks for a stream nobody publishes and a pull rule
/// matches, one <see cref="CdnPull"/> fetches it from the upstream for all its players. A sweep
/// stops pulls whose stream has had no players for <see cref="CdnOptions.PullIdleTimeout"/>, and
/// restarts a pull that ended while players still wait.
/// </summary>
internal sealed class CdnPuller(StreamHub hub, IOptionsMonitor<CdnOptions> options, CdnStatus status, ILogger<CdnPuller> logger)
    : BackgroundService
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMilliseconds(250);

    private readonly object _gate = new();
    private readonly Dictionary<StreamKey, (CdnPull Pull, Task Run)> _pulls = new();
    private CancellationToken _stopping = CancellationToken.None;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await base.StartAsync(cancellationToken).ConfigureAwait(false); // runs ExecuteAsync up to its first await: _stopping is set
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
        using var timer = new PeriodicTimer(SweepInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
                Sweep(options.CurrentValue);
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
    private void OnPlayDemanded(StreamKey key) => StartIfRuled(key, options.CurrentValue);

    private void StartIfRuled(StreamKey key, CdnOptions settings)
    {
        var rule = settings.Pull.FirstOrDefault(r => r.Matches(key));
        if (rule is null)
            return;
        if (!rule.TryExpand(key, out var url, out var error))
        {
            logger.LogError("CDN pull rule {Rule} has a bad URL for {Stream}: {Error}", rule, key, error);
            return;
        }
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested || _pulls.ContainsKey(key))
                return;
            var clientOptions = new RtmpClientOptions { Timeout = settings.ConnectTimeout, ValidateCertificate = rule.ValidateCertificate };
            var pull = new CdnPull(key, url!, clientOptions, settings, hub, new CdnLink("pull", key, url!.Redacted), logger);
            status.Add(pull.Link);
            _pulls[key] = (pull, Task.Run(() => RunAsync(pull, _stopping)));
        }
    }

    private async Task RunAsync(CdnPull pull, CancellationToken stopping)
    {
        try
        {
            await pull.RunAsync(stopping).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "CDN pull of {Stream} failed unexpectedly", pull.Key);
        }
        finally
        {
            status.Remove(pull.Link);
        }
    }

    private void Sweep(CdnOptions settings)
    {
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
                if (DateTimeOffset.UtcNow - pull.IdleSince >= settings.PullIdleTimeout)
                    pull.Stop($"idle: no players for {settings.PullIdleTimeout.TotalSeconds:F0} s");
            }
        }
        // A pull that ended (e.g. upstream refused, key published here meanwhile) while players still wait.
        foreach (var key in restart ?? [])
            if (hub.Find(key) is { IsLive: false })
                StartIfRuled(key, settings);
    }
}
