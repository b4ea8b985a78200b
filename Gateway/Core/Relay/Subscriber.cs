using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;
using InteropGateway.Codecs.Media;
using InteropGateway.Core.Sessions;
using Microsoft.Extensions.Logging;

namespace InteropGateway.Core.Relay;

/// <summary>
/// One player of a stream: a bounded queue between the publisher and the player's egress.
/// The publisher never waits: when the queue is full the subscriber discards frames until the next
/// video keyframe (counted and logged), and is closed once it has been behind for longer than
/// <see cref="Options.RelayOptions.SubscriberMaxLag"/>. A slow player never delays another.
///
/// A subscriber is fed by the stream it asked for and, for tracks its sink protocol does not accept,
/// by the outputs of transcoding branches (DESIGN §3 "Router and branches"); each track kind comes
/// from exactly one feed. Feeds offer frames under their own locks, so the queue-side state is
/// guarded by a private lock of its own.
/// </summary>
public sealed class Subscriber : IDisposable
{
    private readonly LiveStream _stream;
    private readonly Channel<MediaFrame> _queue;
    private readonly TimeSpan _maxLag;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _closed = new();
    private readonly object _offerGate = new();
    private LiveStream[] _branchFeeds = [];
    private bool _needFirstKeyframe = true;
    private bool _videoSeen;
    private bool _dropping;
    private long _dropEpisodeStart;
    private long _dropEpisodeCount;
    private long _framesDelivered;
    private long _framesDropped;
    private long _bytesDelivered;
    private string? _closeReason;
    private string? _cutOffReason;

    internal Subscriber(LiveStream stream, SessionInfo info, int queueFrames, TimeSpan maxLag, ILogger logger,
        MediaKind? onlyKind = null, CodecId onlyCodec = CodecId.Unknown)
    {
        OnlyKind = onlyKind;
        OnlyCodec = onlyCodec;
        _stream = stream;
        Info = info;
        _maxLag = maxLag;
        _logger = logger;
        _queue = Channel.CreateBounded<MediaFrame>(new BoundedChannelOptions(queueFrames)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait, // TryWrite fails instead of blocking: we decide what to drop
        });
    }

    public SessionInfo Info { get; }

    /// <summary>Set for a branch's feed: it takes only this kind (and codec) of the stream's frames, as is.</summary>
    internal MediaKind? OnlyKind { get; }
    internal CodecId OnlyCodec { get; }

    /// <summary>How each track kind reaches this subscriber; touched only under the source stream's lock.</summary>
    internal TrackRouting VideoRouting = new();
    internal TrackRouting AudioRouting = new();

    /// <summary>The video config this subscriber receives: the source's, or its branch's output when converted.</summary>
    public TrackConfig? VideoTrack => EffectiveTrack(VideoRouting, _stream.VideoTrack, b => b.VideoTrack);

    /// <summary>The audio config this subscriber receives: the source's, or its branch's output when converted.</summary>
    public TrackConfig? AudioTrack => EffectiveTrack(AudioRouting, _stream.AudioTrack, b => b.AudioTrack);

    private static TrackConfig? EffectiveTrack(TrackRouting routing, TrackConfig? source, Func<LiveStream, TrackConfig?> fromBranch) =>
        routing.Mode switch
        {
            TrackRouteMode.Branch => routing.Branch is { } branch ? fromBranch(branch) : null,
            TrackRouteMode.None => null,
            _ => source,
        };

    /// <summary>Branches feeding this subscriber now (one per converted track), for the API.</summary>
    public IReadOnlyList<LiveStream> BranchFeeds => Volatile.Read(ref _branchFeeds);
    public StreamKey Key => _stream.Key;
    public LiveStream Stream => _stream;
    public long FramesDelivered => Interlocked.Read(ref _framesDelivered);
    public long FramesDropped => Interlocked.Read(ref _framesDropped);
    public long BytesDelivered => Interlocked.Read(ref _bytesDelivered);
    public int Queued => _queue.Reader.Count;
    public bool IsClosed => Volatile.Read(ref _closeReason) is not null;
    /// <summary>Why the subscription ended (null while open).</summary>
    public string? CloseReason => Volatile.Read(ref _closeReason);
    /// <summary>
    /// Fires when the subscription is cut off (too slow, kicked, player left). Egresses link their
    /// writes to it so a peer that stopped reading cannot hold a pump forever. An orderly end of
    /// stream does not fire it: the reader drains the tail and then gets null.
    /// </summary>
    public CancellationToken Closed => _closed.Token;

    /// <summary>
    /// Next frame, or null once the subscription has ended (after the queued tail on an orderly end,
    /// at once when cut off). The caller owns the returned reference and must
    /// <see cref="MediaFrame.Release"/> it. One reader only.
    /// </summary>
    /// <remarks>
    /// Takes no cancellation token on purpose: a cancellable wait allocates a waiter every time the
    /// queue is empty, i.e. per frame per viewer. To stop a reader, <see cref="Close"/> the subscriber.
    /// </remarks>
    public async ValueTask<MediaFrame?> ReadAsync()
    {
        while (!_closed.IsCancellationRequested)
        {
            if (TryRead(out var frame))
                return frame;
            if (!await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
                return null;
        }
        return null;
    }

    /// <summary>A queued frame if there is one, without waiting; same ownership rule as <see cref="ReadAsync"/>.</summary>
    public bool TryRead([NotNullWhen(true)] out MediaFrame? frame)
    {
        if (_closed.IsCancellationRequested || !_queue.Reader.TryRead(out frame))
        {
            frame = null;
            return false;
        }
        Interlocked.Increment(ref _framesDelivered);
        Interlocked.Add(ref _bytesDelivered, frame.Length);
        return true;
    }

    /// <summary>
    /// Waits until a frame is queued (true) or the subscription ended with nothing to read (false),
    /// without taking the frame. Lets HTTP egresses answer 404 before committing to a 200.
    /// </summary>
    public ValueTask<bool> WaitForDataAsync(CancellationToken cancellationToken = default) =>
        _queue.Reader.WaitToReadAsync(cancellationToken);

    /// <summary>
    /// Asks for a keyframe soon (a viewer's decoder lost sync: RTCP PLI/FIR). A branch encoder emits
    /// an IDR; a publisher that can (WebRTC) is asked upstream; otherwise the next source keyframe comes.
    /// </summary>
    public void RequestKeyframe()
    {
        var feed = VideoRouting.Branch ?? _stream;
        feed.RequestKeyframe(this);
    }

    /// <summary>Called by a feeding stream, under that stream's lock, for every frame this subscriber takes.</summary>
    internal void Offer(MediaFrame frame)
    {
        string? cutOff;
        lock (_offerGate)
        {
            OfferLocked(frame);
            cutOff = _cutOffReason;
            _cutOffReason = null;
        }
        // Closing takes stream locks: never while holding ours, which the other feeds also take.
        if (cutOff is not null)
            Close(cutOff);
    }

    private void OfferLocked(MediaFrame frame)
    {
        if (IsClosed)
            return;
        var isVideo = frame.Kind == MediaKind.Video;
        var isVideoKeyframe = isVideo && frame.IsKeyframe;
        _videoSeen |= isVideo;
        if (_needFirstKeyframe && isVideo && !frame.IsKeyframe)
            return; // joined mid-GOP with nothing cached: a decoder can't start here
        // With video, dropping runs to the next keyframe (a decoder can't resume elsewhere);
        // audio-only subscribers just lose the frames that don't fit.
        if (_dropping && _videoSeen && !isVideoKeyframe)
        {
            CountDrop();
            return;
        }
        if (_queue.Writer.TryWrite(frame.AddRef()))
        {
            if (isVideoKeyframe)
                _needFirstKeyframe = false;
            if (_dropping)
                EndDropEpisode();
            return;
        }
        frame.Release();
        if (!_dropping)
            BeginDropEpisode();
        CountDrop();
    }

    private void BeginDropEpisode()
    {
        _dropping = true;
        _dropEpisodeStart = Stopwatch.GetTimestamp();
        _dropEpisodeCount = 0;
        _logger.LogWarning("Subscriber {Session} of {Stream} is too slow ({Queued} frames queued), discarding frames until the next keyframe",
            Info, Key, _queue.Reader.Count);
    }

    private void EndDropEpisode()
    {
        _dropping = false;
        _logger.LogWarning("Subscriber {Session} of {Stream} caught up after discarding {Dropped} frames", Info, Key, _dropEpisodeCount);
    }

    private void CountDrop()
    {
        _dropEpisodeCount++;
        Interlocked.Increment(ref _framesDropped);
        var behind = Stopwatch.GetElapsedTime(_dropEpisodeStart);
        if (behind > _maxLag)
            _cutOffReason = $"too slow: behind for {behind.TotalSeconds:F1} s, discarded {_dropEpisodeCount} frames";
    }

    /// <summary>
    /// Ends the subscription at once: the reader gets null and queued frames are released by
    /// <see cref="Dispose"/>. Safe from any thread.
    /// </summary>
    public void Close(string reason)
    {
        if (Interlocked.CompareExchange(ref _closeReason, reason, null) is not null)
            return;
        _queue.Writer.TryComplete();
        _closed.Cancel();
        _stream.Detach(this, reason);
        LeaveBranchFeeds(reason);
    }

    /// <summary>
    /// Marks the end of the stream: the reader drains what is queued, then gets null. Used when the
    /// publisher is gone for good, so players get the tail of the stream.
    /// </summary>
    internal void CompleteAfterQueued(string reason)
    {
        if (Interlocked.CompareExchange(ref _closeReason, reason, null) is not null)
            return;
        _queue.Writer.TryComplete();
        _stream.Detach(this, reason);
        LeaveBranchFeeds(reason);
    }

    internal void AddBranchFeed(LiveStream branchOutput)
    {
        lock (_offerGate)
            _branchFeeds = [.. _branchFeeds, branchOutput];
        if (IsClosed)
            LeaveBranchFeeds("player left");
    }

    internal void RemoveBranchFeed(LiveStream branchOutput, string reason)
    {
        lock (_offerGate)
        {
            var index = Array.IndexOf(_branchFeeds, branchOutput);
            if (index < 0)
                return;
            _branchFeeds = [.. _branchFeeds[..index], .. _branchFeeds[(index + 1)..]];
        }
        DetachLater(branchOutput, reason);
    }

    private void LeaveBranchFeeds(string reason)
    {
        LiveStream[] feeds;
        lock (_offerGate)
        {
            feeds = _branchFeeds;
            _branchFeeds = [];
        }
        foreach (var feed in feeds)
            DetachLater(feed, reason);
    }

    /// <summary>
    /// Detaches from a branch output on the thread pool. Close can run under the lock of any of our
    /// feeds; detaching inline would take a second stream lock in an order another thread may take
    /// the other way round.
    /// </summary>
    private void DetachLater(LiveStream feed, string reason) =>
        ThreadPool.UnsafeQueueUserWorkItem(static state => state.feed.Detach(state.subscriber, state.reason),
            (feed, subscriber: this, reason), preferLocal: false);

    /// <summary>Closes the subscription and releases what is still queued. Call from the reader's side, once it stopped reading.</summary>
    public void Dispose()
    {
        Close("player left");
        DrainQueue();
    }

    private void DrainQueue()
    {
        while (_queue.Reader.TryRead(out var frame))
            frame.Release();
    }

    public override string ToString() => $"{Info} playing {Key}";
}
