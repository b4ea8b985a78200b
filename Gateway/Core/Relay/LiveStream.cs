using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using InteropGateway.Codecs.Media;
using InteropGateway.Core.Options;
using InteropGateway.Core.Sessions;
using Microsoft.Extensions.Logging;

namespace InteropGateway.Core.Relay;

/// <summary>
/// One live stream in the relay core: its current publisher, latest track configs, GOP cache and
/// subscribers. (Named LiveStream, not Stream, to stay clear of System.IO.Stream.)
///
/// All state changes happen under one lock; fan-out iterates an immutable subscriber array, and a
/// frame is shared by reference with every subscriber, never copied.
///
/// When the publisher leaves, the stream lives on for the grace period with its subscribers; a new
/// publisher continues it with timestamps rebased to follow the last frame sent, so players see one
/// continuous stream and need not reconnect.
/// </summary>
public sealed class LiveStream
{
    /// <summary>Gap put between the last frame of a publisher and the first of its successor (40 ms).</summary>
    private const long RebaseGapTicks = 40 * Timebase.TicksPerMillisecond;

    private readonly object _gate = new();
    private readonly RelayOptions _options;
    private readonly ILogger _logger;
    private readonly GopCache _gop;
    private readonly ITrackRouter? _router;
    private Subscriber[] _subscribers = [];
    private Publication? _publisher;
    /// <summary>Protocol of the current or last publisher: the source side of routing decisions.</summary>
    private string? _sourceProtocol;
    private bool _everPublished;
    /// <summary>The video has B-frames (some PTS differs from its DTS): sinks that can't reorder need a re-encode.</summary>
    private bool _videoReordered;
    /// <summary>Greatest DTS or PTS sent so far (long.MinValue before the first frame): where a successor continues.</summary>
    private long _latestTime = long.MinValue;
    private long _lastVideoDts = long.MinValue;
    private long _lastAudioDts = long.MinValue;
    private long _orphanedAt;
    private long _framesIn;

    /// <param name="router">Routes subscribers' tracks; null for a branch's output, whose frames are already what its subscribers need.</param>
    /// <param name="name">For logs; defaults to the key.</param>
    internal LiveStream(StreamKey key, RelayOptions options, ILogger logger, ITrackRouter? router = null, string? name = null)
    {
        Key = key;
        _router = router;
        Name = name ?? key.ToString();
        _options = options;
        _logger = logger;
        _gop = new GopCache(options.GopCacheMaxFrames, options.GopCacheMaxBytes);
    }

    public StreamKey Key { get; }
    public string Name { get; }
    public DateTimeOffset CreatedAt { get; } = DateTimeOffset.UtcNow;
    public SessionInfo? Publisher => Volatile.Read(ref _publisher)?.Info;
    public bool IsLive => Volatile.Read(ref _publisher) is not null;
    public TrackConfig? VideoTrack { get; private set; }
    public TrackConfig? AudioTrack { get; private set; }
    public RateMeter VideoRate { get; } = new();
    public RateMeter AudioRate { get; } = new();
    public long FramesIn => Interlocked.Read(ref _framesIn);
    public IReadOnlyList<Subscriber> Subscribers => Volatile.Read(ref _subscribers);
    public int GopCacheFrames { get { lock (_gate) return _gop.Count; } }

    internal bool TryAttachPublisher(SessionInfo info, PublishPolicy policy,
        [NotNullWhen(true)] out Publication? publication, [NotNullWhen(false)] out string? error)
    {
        lock (_gate)
        {
            publication = null;
            error = null;
            var current = _publisher;
            if (current is not null)
            {
                if (policy == PublishPolicy.Reject)
                {
                    error = $"stream {Key} is already being published by {current.Info}";
                    return false;
                }
                current.Revoke($"taken over by {info}");
                _logger.LogWarning("Publisher {Old} of {Stream} taken over by {New}", current.Info, Key, info);
            }
            publication = new Publication(this, info, continuesEarlierPublisher: _everPublished);
            if (_everPublished)
            {
                // The old GOP belongs to the old encoder; new players must wait for the new publisher's keyframe.
                _gop.Clear();
                _logger.LogInformation("{Publisher} continues {Stream} with {Players} players attached; timestamps will be rebased",
                    info, Key, _subscribers.Length);
            }
            _publisher = publication;
            _sourceProtocol = info.Protocol;
            _everPublished = true;
            return true;
        }
    }

    /// <summary>Takes the stream from its publisher and ends every player, each with <paramref name="reason"/>.</summary>
    internal void CloseAll(string reason)
    {
        Volatile.Read(ref _publisher)?.Revoke(reason);
        foreach (var subscriber in Subscribers)
            subscriber.Close(reason);
    }

    internal void Unpublish(Publication publication, string reason)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(_publisher, publication))
                return;
            _publisher = null;
            _orphanedAt = Stopwatch.GetTimestamp();
            _logger.LogInformation("Publisher {Publisher} left {Stream}: {Reason}; keeping {Players} players for {Grace} s",
                publication.Info, Key, reason, _subscribers.Length, _options.PublisherGracePeriod.TotalSeconds);
        }
    }

    internal void Publish(Publication publication, MediaFrame frame)
    {
        List<BranchRequest>? toRoute = null;
        lock (_gate)
        {
            if (!ReferenceEquals(_publisher, publication))
            {
                frame.Release();
                return;
            }
            var isVideo = frame.Kind == MediaKind.Video;
            if (isVideo && publication.AwaitingKeyframe)
            {
                if (!frame.IsKeyframe)
                {
                    frame.Release();
                    return;
                }
                publication.AwaitingKeyframe = false;
            }
            Rebase(publication, frame);
            publication.FramesIn++;
            _framesIn++;
            if (isVideo)
            {
                _videoReordered |= frame.Pts != frame.Dts;
                VideoTrack = frame.Track;
                VideoRate.Add(frame.Length);
            }
            else
            {
                AudioTrack = frame.Track;
                AudioRate.Add(frame.Length);
            }
            _gop.Add(frame);
            foreach (var subscriber in _subscribers)
                if (Takes(subscriber, frame, ref toRoute))
                    subscriber.Offer(frame);
        }
        frame.Release();
        RoutePending(toRoute);
    }

    /// <summary>
    /// Whether <paramref name="subscriber"/> takes <paramref name="frame"/> from this stream as is.
    /// Its routing for the frame's kind is decided once per source codec; a track that needs a
    /// branch is queued in <paramref name="toRoute"/> to be attached once the lock is released.
    /// </summary>
    private bool Takes(Subscriber subscriber, MediaFrame frame, ref List<BranchRequest>? toRoute)
    {
        if (subscriber.OnlyKind is { } kind)
            return frame.Kind == kind && (subscriber.OnlyCodec == CodecId.Unknown || frame.Codec == subscriber.OnlyCodec);
        if (_router is null)
            return true;
        var routing = frame.Kind == MediaKind.Video ? subscriber.VideoRouting : subscriber.AudioRouting;
        var reordered = frame.Kind == MediaKind.Video && _videoReordered;
        if (!routing.IsCurrent(frame.Codec, _sourceProtocol, reordered))
            Decide(subscriber, routing, frame, reordered, ref toRoute);
        return routing.Mode == TrackRouteMode.Direct;
    }

    private void Decide(Subscriber subscriber, TrackRouting routing, MediaFrame frame, bool reordered, ref List<BranchRequest>? toRoute)
    {
        var track = frame.Track;
        var sourceProtocol = _sourceProtocol ?? subscriber.Info.Protocol;
        var decision = _router!.Decide(sourceProtocol, track, subscriber.Info.Protocol, reordered);
        routing.DecidedFor = track.Codec;
        routing.SourceProtocol = _sourceProtocol;
        routing.Reordered = reordered;
        if (routing.Branch is { } oldBranch)
        {
            routing.Branch = null;
            subscriber.RemoveBranchFeed(oldBranch, $"source {track.Kind.ToString().ToLowerInvariant()} is now {track.Codec.Name()}");
        }
        switch (decision.Kind)
        {
            case TrackDecisionKind.PassThrough:
                routing.Mode = TrackRouteMode.Direct;
                break;
            case TrackDecisionKind.Transcode:
                routing.Mode = TrackRouteMode.Branch;
                (toRoute ??= []).Add(new BranchRequest(subscriber, frame.AddRef(), decision.Target));
                _logger.LogInformation("{Player} of {Stream}: {Reason}", subscriber.Info, Name, decision.Reason);
                break;
            default:
                routing.Mode = TrackRouteMode.None;
                _logger.LogWarning("{Player} of {Stream} gets no {Kind}: {Reason}",
                    subscriber.Info, Name, track.Kind.ToString().ToLowerInvariant(), decision.Reason);
                break;
        }
    }

    /// <summary>
    /// Attaches the subscribers that need branches, after the stream lock is released (branches
    /// attach feeds to this stream). Each request holds a reference to the frame that needed it.
    /// </summary>
    private void RoutePending(List<BranchRequest>? toRoute)
    {
        if (toRoute is null)
            return;
        try
        {
            _router!.Attach(this, toRoute);
        }
        finally
        {
            foreach (var request in toRoute)
                request.Frame.Release();
        }
    }

    /// <summary>Passes a subscriber's keyframe request to whoever produces this stream's frames.</summary>
    internal void RequestKeyframe(Subscriber requester) =>
        Volatile.Read(ref _publisher)?.RaiseKeyframeRequested(requester);

    private void Rebase(Publication publication, MediaFrame frame)
    {
        if (publication.NeedsRebase)
        {
            publication.NeedsRebase = false;
            // Follow the latest presentation time, not just the latest DTS: with B-frames the previous
            // publisher's last pictures are shown up to a few frames after their DTS, and the new
            // publisher's first picture must come after them or decoders see time run backwards.
            publication.TimestampOffset = _latestTime == long.MinValue ? 0 : _latestTime + RebaseGapTicks - frame.Dts;
            _logger.LogInformation("Rebasing {Stream} from {Publisher}: offset {OffsetMs} ms",
                Key, publication.Info, Timebase.ToMilliseconds(publication.TimestampOffset));
        }
        ref var lastTrackDts = ref frame.Kind == MediaKind.Video ? ref _lastVideoDts : ref _lastAudioDts;
        if (frame.Dts + publication.TimestampOffset <= lastTrackDts)
        {
            // The new publisher's tracks start at different times (e.g. video DTS below audio with
            // B-frames, or a WebRTC sender repeating a timestamp): nudge the offset so no track ever
            // goes back in time. By a whole millisecond, not a tick: RTMP and FLV carry milliseconds,
            // and a one-tick step would reach their players as a repeated timestamp.
            publication.TimestampOffset = lastTrackDts + Timebase.TicksPerMillisecond - frame.Dts;
        }
        frame.Dts += publication.TimestampOffset;
        frame.Pts += publication.TimestampOffset;
        lastTrackDts = frame.Dts;
        _latestTime = Math.Max(_latestTime, Math.Max(frame.Dts, frame.Pts));
    }

    /// <summary>Attaches a new subscriber; it starts with the GOP cache (routed like live frames).</summary>
    /// <param name="onlyKind">For a branch's feed: the one kind (and codec) it takes, as is.</param>
    internal Subscriber Attach(SessionInfo info, MediaKind? onlyKind = null, CodecId onlyCodec = CodecId.Unknown)
    {
        List<BranchRequest>? toRoute = null;
        Subscriber subscriber;
        lock (_gate)
        {
            subscriber = new Subscriber(this, info, _options.SubscriberQueueFrames, _options.SubscriberMaxLag, _logger, onlyKind, onlyCodec);
            _gop.ForEach(frame =>
            {
                if (Takes(subscriber, frame, ref toRoute))
                    subscriber.Offer(frame);
            });
            _subscribers = [.. _subscribers, subscriber];
            _logger.LogInformation("Player {Player} joined {Stream} ({Cached} frames from the GOP cache, {Players} players)",
                info, Name, subscriber.Queued, _subscribers.Length);
        }
        RoutePending(toRoute);
        return subscriber;
    }

    /// <summary>Adds a subscriber of another stream to this branch output; it starts with the GOP cache.</summary>
    internal void AttachExisting(Subscriber subscriber)
    {
        lock (_gate)
        {
            _gop.ForEach(subscriber.Offer);
            _subscribers = [.. _subscribers, subscriber];
            _logger.LogDebug("{Player} joined branch {Stream} ({Players} players)", subscriber.Info, Name, _subscribers.Length);
        }
    }

    internal void Detach(Subscriber subscriber, string reason)
    {
        lock (_gate)
        {
            var index = Array.IndexOf(_subscribers, subscriber);
            if (index < 0)
                return;
            _subscribers = [.. _subscribers[..index], .. _subscribers[(index + 1)..]];
            if (ReferenceEquals(subscriber.Stream, this))
                _logger.LogInformation("Player {Player} left {Stream}: {Reason}; delivered {Delivered} frames, dropped {Dropped}",
                    subscriber.Info, Name, reason, subscriber.FramesDelivered, subscriber.FramesDropped);
        }
    }

    /// <summary>
    /// Periodic housekeeping from the hub. Returns true when the stream is over and can be removed:
    /// its publisher has been gone longer than the grace period, or nobody published and nobody waits.
    /// </summary>
    internal bool Sweep()
    {
        Subscriber[] toEnd = [];
        string? endReason = null;
        var expired = false;
        lock (_gate)
        {
            if (_publisher is not null)
                return false;
            if (_everPublished)
            {
                if (Stopwatch.GetElapsedTime(_orphanedAt) < _options.PublisherGracePeriod)
                    return false;
                toEnd = _subscribers;
                endReason = $"stream ended: no publisher for {_options.PublisherGracePeriod.TotalSeconds:F0} s";
                expired = true;
                _gop.Clear();
            }
            else
            {
                var now = DateTimeOffset.UtcNow;
                toEnd = _subscribers.Where(s => now - s.Info.StartedAt > _options.PlayWaitTimeout).ToArray();
                endReason = $"stream {Key} not found: nobody published it within {_options.PlayWaitTimeout.TotalSeconds:F0} s";
                expired = _subscribers.Length == toEnd.Length;
            }
        }
        foreach (var subscriber in toEnd)
            subscriber.CompleteAfterQueued(endReason!);
        return expired;
    }

    public override string ToString() => Name;
}
