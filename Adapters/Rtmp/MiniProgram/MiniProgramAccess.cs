using System.Collections.Concurrent;
using InteropGateway.Adapters.Rtmp.Server;
using InteropGateway.Core.Relay;
using InteropGateway.Core.Sessions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InteropGateway.Adapters.Rtmp.MiniProgram;

/// <summary>
/// Who may publish and play as a mini-program: signed URLs (<see cref="SignedUrl"/>), checked on
/// the mini-program RTMP port and on signed HTTP-FLV requests. Also lets a pusher that reconnects
/// after a network switch replace its own stale connection instead of being told the key is taken.
/// </summary>
internal sealed class MiniProgramAccess(StreamHub hub, IOptionsMonitor<MiniProgramOptions> options, TimeProvider time,
    ILogger<MiniProgramAccess> logger) : IRtmpAccessPolicy
{
    /// <summary>The latest mini-program publisher per key (one small entry per key ever pushed here, replaced by the next).</summary>
    private readonly ConcurrentDictionary<StreamKey, (Publication Publication, Action<string> Close)> _publishers = new();
    // Built with the app (HTTP-FLV depends on it), so a missing secret is said at start, not at the first refusal.
    private readonly bool _secretMissing = WarnIfSecretMissing(options.CurrentValue, logger);

    private static bool WarnIfSecretMissing(MiniProgramOptions settings, ILogger logger)
    {
        var missing = settings.RequireSignature && settings.Secret.Length == 0;
        if (missing)
            logger.LogWarning("Mini-program URLs must be signed but Gateway:MiniProgram:Secret is empty: mini-program publish and play will be refused until it is set");
        return missing;
    }

    public RtmpRefusal? CheckPublish(StreamKey key, string query, SessionInfo session)
    {
        if (Check(SignedUrl.Publish, key, query, session) is { } error)
            return new RtmpRefusal(RtmpStatus.PublishRejected, error);
        ReplaceStalePublisher(key, session);
        return null;
    }

    public RtmpRefusal? CheckPlay(StreamKey key, string query, SessionInfo session) =>
        Check(SignedUrl.Play, key, query, session) is { } error ? new RtmpRefusal(RtmpStatus.PlayFailed, error) : null;

    public void OnPublished(Publication publication, Action<string> close) =>
        _publishers[publication.Key] = (publication, close);

    /// <summary>For signed HTTP-FLV plays: null when allowed, else the reason (answered with 403).</summary>
    public string? CheckHttpPlay(StreamKey key, string query, SessionInfo session) => Check(SignedUrl.Play, key, query, session);

    /// <summary>A fresh low-latency start for one player, with the current settings.</summary>
    public LiveEdgeStart NewLiveEdgeStart() => new(options.CurrentValue.MaxStartBacklog, logger);

    private string? Check(string action, StreamKey key, string query, SessionInfo session)
    {
        var settings = options.CurrentValue;
        if (!settings.RequireSignature)
            return null;
        var error = settings.Secret.Length == 0
            ? "signed URLs are required but no secret is configured (Gateway:MiniProgram:Secret)"
            : SignedUrl.Check(settings.Secret, action, key, query, time.GetUtcNow());
        if (error is not null)
            logger.LogWarning("Mini-program {Action} of {Stream} by {Session} refused: {Reason}", action, key, session, error);
        return error;
    }

    private void ReplaceStalePublisher(StreamKey key, SessionInfo newcomer)
    {
        if (!options.CurrentValue.ReconnectReplacesPublisher || !_publishers.TryGetValue(key, out var earlier))
            return;
        var live = hub.Find(key)?.Publisher;
        if (earlier.Publication.EndReason is not null || !ReferenceEquals(live, earlier.Publication.Info))
            return;
        var reason = $"replaced by {newcomer} (same signed key, reconnecting)";
        logger.LogInformation("Mini-program publisher {Old} of {Stream} {Reason}", earlier.Publication.Info, key, reason);
        earlier.Publication.End(reason); // frees the key now; the new publisher continues the stream
        earlier.Close(reason);
    }
}
