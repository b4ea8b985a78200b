using System.Diagnostics.CodeAnalysis;
using InteropGateway.Core.Options;
using InteropGateway.Core.Sessions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InteropGateway.Core.Relay;

/// <summary>
/// All live streams, keyed <c>app/stream</c>. Publishers claim a key (refused or taking over per
/// <see cref="PublishPolicy"/>), players attach to a key (waiting a while if nobody publishes it yet).
/// A timer sweeps streams whose grace period or play-wait has run out.
/// </summary>
public sealed class StreamHub : IDisposable
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMilliseconds(250);

    private readonly Dictionary<StreamKey, LiveStream> _streams = new();
    private readonly object _gate = new();
    private readonly IOptionsMonitor<RelayOptions> _options;
    private readonly ILogger<StreamHub> _logger;
    private readonly Timer _sweeper;
    private readonly ITrackRouter? _router;

    /// <param name="router">Routes tracks a player's protocol can't take through branches; without one everything passes through.</param>
    public StreamHub(IOptionsMonitor<RelayOptions> options, ILogger<StreamHub> logger, ITrackRouter? router = null)
    {
        _options = options;
        _router = router;
        _logger = logger;
        _sweeper = new Timer(_ => Sweep(), null, SweepInterval, SweepInterval);
    }

    /// <summary>Snapshot of the streams that exist now.</summary>
    public IReadOnlyList<LiveStream> Streams
    {
        get { lock (_gate) return _streams.Values.ToArray(); }
    }

    /// <summary>
    /// Ends every publisher and player with <paramref name="reason"/> ("gateway stopping"): each
    /// protocol's session sees its publication revoked or its subscriber closed and closes in its own
    /// terms, so a stopping gateway does not wait out its shutdown timeout for them.
    /// </summary>
    public void CloseAll(string reason)
    {
        foreach (var stream in Streams)
            stream.CloseAll(reason);
    }

    public LiveStream? Find(StreamKey key)
    {
        lock (_gate) return _streams.GetValueOrDefault(key);
    }

    /// <summary>
    /// Claims <paramref name="key"/> for a publisher. Fails with a reason when the key is live and
    /// the policy is <see cref="PublishPolicy.Reject"/>.
    /// </summary>
    public bool TryPublish(StreamKey key, SessionInfo publisher,
        [NotNullWhen(true)] out Publication? publication, [NotNullWhen(false)] out string? error)
    {
        var options = _options.CurrentValue;
        lock (_gate)
        {
            var stream = GetOrCreate(key, options);
            if (!stream.TryAttachPublisher(publisher, options.PublishPolicy, out publication, out error))
            {
                _logger.LogWarning("Refused publisher {Publisher} for {Stream}: {Reason}", publisher, key, error);
                return false;
            }
        }
        _logger.LogInformation("Publisher {Publisher} started {Stream}", publisher, key);
        Raise(Published, publication.Stream, key, "A Published handler");
        return true;
    }

    /// <summary>
    /// Raised, outside the hub's lock, when a publisher has claimed a stream (a CDN forward starts
    /// here). Handlers must be quick.
    /// </summary>
    public event Action<LiveStream>? Published;

    /// <summary>
    /// Attaches a player. It starts with the GOP cache (a keyframe) if the stream is live; if nobody
    /// publishes the key yet, it waits up to <see cref="RelayOptions.PlayWaitTimeout"/>.
    /// </summary>
    public Subscriber Subscribe(StreamKey key, SessionInfo player)
    {
        Subscriber subscriber;
        lock (_gate)
            subscriber = GetOrCreate(key, _options.CurrentValue).Attach(player);
        if (!subscriber.Stream.IsLive)
            Raise(PlayDemanded, key, key, "The on-demand source");
        return subscriber;
    }

    /// <summary>
    /// Raised, outside the hub's lock, each time a player asks for a stream nobody publishes now.
    /// On-demand sources (a CDN edge pull) start here; handlers must be quick and deduplicate.
    /// </summary>
    public event Action<StreamKey>? PlayDemanded;

    private readonly List<Func<StreamKey, bool>> _onDemandSources = [];

    /// <summary>
    /// Registers an on-demand source (a CDN edge pull, a relay node) that says which keys it would
    /// fetch when a player asks; dispose to unregister. See <see cref="CanPullOnDemand"/>.
    /// </summary>
    public IDisposable AddOnDemandSource(Func<StreamKey, bool> wouldPull)
    {
        lock (_onDemandSources)
            _onDemandSources.Add(wouldPull);
        return new Registration(() => { lock (_onDemandSources) _onDemandSources.Remove(wouldPull); });
    }

    /// <summary>
    /// Whether a player of <paramref name="key"/>, which nobody publishes here, would start an
    /// on-demand pull. Protocols that must refuse a player before it attaches (SRT, in its handshake)
    /// ask this instead of refusing every unknown key.
    /// </summary>
    public bool CanPullOnDemand(StreamKey key)
    {
        lock (_onDemandSources)
            return _onDemandSources.Any(wouldPull => wouldPull(key));
    }

    private sealed class Registration(Action remove) : IDisposable
    {
        private Action? _remove = remove;
        public void Dispose() => Interlocked.Exchange(ref _remove, null)?.Invoke();
    }

    /// <summary>Runs an event's handlers; a failing handler is logged and never fails the publish or play.</summary>
    private void Raise<T>(Action<T>? handlers, T argument, StreamKey key, string who)
    {
        try
        {
            handlers?.Invoke(argument);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "{Who} for {Stream} failed", who, key);
        }
    }

    private LiveStream GetOrCreate(StreamKey key, RelayOptions options)
    {
        if (!_streams.TryGetValue(key, out var stream))
        {
            stream = new LiveStream(key, options, _logger, _router);
            _streams.Add(key, stream);
        }
        return stream;
    }

    private void Sweep()
    {
        try
        {
            lock (_gate)
            {
                List<StreamKey>? over = null;
                foreach (var (key, stream) in _streams)
                    if (stream.Sweep())
                        (over ??= []).Add(key);
                if (over is null)
                    return;
                foreach (var key in over)
                    _streams.Remove(key);
            }
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Stream sweep failed");
        }
    }

    public void Dispose() => _sweeper.Dispose();
}
