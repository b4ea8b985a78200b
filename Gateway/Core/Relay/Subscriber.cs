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
/// </summary>
public sealed class Subscriber : IDisposable
{
    private readonly LiveStream _stream;
    private readonly Channel<MediaFrame> _queue;
    private readonly TimeSpan _maxLag;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _closed = new();
    private bool _needFirstKeyframe = true;
    private bool _dropping;
    private long _dropEpisodeStart;
    private long _dropEpisodeCount;
    private long _framesDelivered;
    private long _framesDropped;
    private long _bytesDelivered;
    private string? _closeReason;

    internal Subscriber(LiveStream stream, SessionInfo info, int queueFrames, TimeSpan maxLag, ILogger logger)
    {
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

    /// <summary>Called by the stream, under its lock, for every published frame.</summary>
    internal void Offer(MediaFrame frame, bool streamHasVideo)
    {
        if (IsClosed)
            return;
        var isVideoKeyframe = frame.Kind == MediaKind.Video && frame.IsKeyframe;
        if (_needFirstKeyframe && frame.Kind == MediaKind.Video && !frame.IsKeyframe)
            return; // joined mid-GOP with nothing cached: a decoder can't start here
        if (_dropping && streamHasVideo && !isVideoKeyframe)
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
            Close($"too slow: behind for {behind.TotalSeconds:F1} s, discarded {_dropEpisodeCount} frames");
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
    }

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
