using System.IO.Pipelines;
using System.Net;
using InteropGateway.Adapters.RelayNode.Link;
using InteropGateway.Core.Relay;
using InteropGateway.Core.Sessions;

namespace InteropGateway.Adapters.RelayNode.Role;

/// <summary>
/// The body of a push request, written while the request is open (HTTP/2 streams both ways): the
/// Hello at once, then, only after the upstream accepted (its 200 came), a fresh subscription's
/// frames, so the upstream starts on a keyframe from the GOP cache. <see cref="Outcome"/> says how
/// the body ended.
/// </summary>
internal sealed class RelayPushContent(StreamHub hub, StreamKey key, string sourceProtocol, Task accepted) : HttpContent
{
    private readonly TaskCompletionSource<RelayPushOutcome> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<RelayPushOutcome> Outcome => _outcome.Task;

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        try
        {
            var body = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
            var writer = new RelayBodyWriter(body, sourceProtocol);
            await writer.StartAsync(cancellationToken).ConfigureAwait(false);
            await accepted.WaitAsync(cancellationToken).ConfigureAwait(false);
            // Only a live stream is pushed: subscribing to an absent one would ask for a pull.
            if (hub.Find(key) is not { IsLive: true })
            {
                _outcome.TrySetResult(new RelayPushOutcome(Ended: true, "the stream is not live"));
                return;
            }
            using var subscriber = hub.Subscribe(key, new SessionInfo(RelayTransports.LinkProtocol, null, SessionInfo.NewId()) { Transport = "relay-push" });
            var reason = await writer.RunAsync(subscriber, cancellationToken).ConfigureAwait(false);
            await body.CompleteAsync().ConfigureAwait(false);
            // Cut off by the core (the link is too slow) is a failure to retry; the stream's end is not.
            _outcome.TrySetResult(new RelayPushOutcome(Ended: !subscriber.Closed.IsCancellationRequested, reason));
        }
        catch (Exception ex)
        {
            _outcome.TrySetException(ex);
            throw;
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false; // live: no end in sight
    }
}

/// <param name="Ended">True when the stream ended here (the push is over); false when the link failed and should be retried.</param>
internal readonly record struct RelayPushOutcome(bool Ended, string Reason);
