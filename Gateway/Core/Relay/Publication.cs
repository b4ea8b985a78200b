using InteropGateway.Codecs.Media;
using InteropGateway.Core.Sessions;

namespace InteropGateway.Core.Relay;

/// <summary>
/// A publisher's hold on a stream, returned by <see cref="StreamHub.TryPublish"/>. The publisher
/// hands frames to <see cref="Publish"/> and disposes the publication when its session ends.
/// </summary>
public sealed class Publication : IDisposable
{
    private readonly LiveStream _stream;
    private readonly CancellationTokenSource _revoked = new();
    private string? _endReason;

    internal Publication(LiveStream stream, SessionInfo info, bool continuesEarlierPublisher)
    {
        _stream = stream;
        Info = info;
        NeedsRebase = continuesEarlierPublisher;
        AwaitingKeyframe = continuesEarlierPublisher;
    }

    public SessionInfo Info { get; }
    public StreamKey Key => _stream.Key;
    public LiveStream Stream => _stream;

    /// <summary>Fires when the gateway takes the stream away (take-over by a new publisher, shutdown); the session should close.</summary>
    public CancellationToken Revoked => _revoked.Token;
    public string? EndReason => Volatile.Read(ref _endReason);
    public long FramesIn;

    // Rebasing state, touched only under the stream lock.
    internal bool NeedsRebase;
    internal bool AwaitingKeyframe;
    internal long TimestampOffset;

    /// <summary>
    /// Publishes one frame to every subscriber. Takes over the caller's reference: do not touch
    /// the frame afterwards. Frames of an ended publication are released and ignored.
    /// </summary>
    public void Publish(MediaFrame frame) => _stream.Publish(this, frame);

    /// <summary>Ends the publication; the stream waits for the grace period for a new publisher.</summary>
    public void End(string reason)
    {
        if (Interlocked.CompareExchange(ref _endReason, reason, null) is not null)
            return;
        _stream.Unpublish(this, reason);
    }

    /// <summary>
    /// A player asked for a keyframe (its decoder lost sync). Publishers that can make one (a WebRTC
    /// peer through PLI, a branch's encoder) handle it; others let the next keyframe come. Handlers
    /// run on the requester's thread and must be quick.
    /// </summary>
    public event Action<Subscriber>? KeyframeRequested;

    internal void RaiseKeyframeRequested(Subscriber requester) => KeyframeRequested?.Invoke(requester);

    internal void Revoke(string reason)
    {
        if (Interlocked.CompareExchange(ref _endReason, reason, null) is not null)
            return;
        _revoked.Cancel();
    }

    public void Dispose() => End("publisher left");
}
