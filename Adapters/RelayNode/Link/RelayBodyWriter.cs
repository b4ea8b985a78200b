using System.IO.Pipelines;
using InteropGateway.Adapters.RelayNode.Wire;
using InteropGateway.Core.Relay;

namespace InteropGateway.Adapters.RelayNode.Link;

/// <summary>
/// The sending end of a relay body (the relay's push, the upstream's play endpoint): the preamble
/// and Hello, then a subscriber's frames, as they come, into an HTTP body. Flushes when the subscriber's queue is empty, so a
/// burst (the GOP cache) goes out in few sends and a live frame goes out at once.
/// </summary>
internal sealed class RelayBodyWriter(PipeWriter body, string sourceProtocol)
{
    private readonly RelayStreamEncoder _encoder = new(sourceProtocol);

    public long Frames { get; private set; }

    /// <summary>Preamble and Hello, flushed: the receiver learns the source before the first frame.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _encoder.Start(body);
        await FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs until the subscription ends (then writes the End record) or the body's reader goes away; returns why.</summary>
    public async Task<string> RunAsync(Subscriber subscriber, CancellationToken cancellationToken)
    {
        // The subscriber's read takes no token (see Subscriber.ReadAsync): cancelling closes it instead.
        await using var stop = cancellationToken.Register(static s => ((Subscriber)s!).Close("relay link closed"), subscriber);
        while (true)
        {
            var frame = await subscriber.ReadAsync().ConfigureAwait(false);
            if (frame is null)
                break;
            try
            {
                _encoder.WriteFrame(body, frame);
                Frames++;
            }
            finally
            {
                frame.Release();
            }
            if (subscriber.Queued == 0 && !await FlushAsync(cancellationToken).ConfigureAwait(false))
                return "the receiver stopped reading";
        }
        cancellationToken.ThrowIfCancellationRequested();
        var reason = subscriber.CloseReason ?? "stream ended";
        if (!subscriber.Closed.IsCancellationRequested)
        {
            // An orderly end (the publisher is gone for good): say so, so the far side ends too.
            _encoder.WriteEnd(body, reason);
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        return reason;
    }

    /// <summary>
    /// Says why the body ends early (the gateway stops), so the far side logs a reason rather than a
    /// cut. Best effort: a receiver that doesn't read gets nothing after <paramref name="limit"/>.
    /// </summary>
    public async Task TryWriteEndAsync(string reason, TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            _encoder.WriteEnd(body, reason);
            await FlushAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
        {
        }
    }

    private async ValueTask<bool> FlushAsync(CancellationToken cancellationToken)
    {
        var result = await body.FlushAsync(cancellationToken).ConfigureAwait(false);
        return !result.IsCompleted && !result.IsCanceled;
    }
}
