using Microsoft.Extensions.Logging;

namespace InteropGateway.Core.Relay;

/// <summary>
/// Pushes one stream of this gateway to an upstream for as long as it is live here; the push-side
/// twin of <see cref="DemandedPull"/>. A failed attempt is retried with backoff while the stream is
/// live; the push ends when an attempt says why it is over (the stream ended), when the stream is no
/// longer live, or when the gateway stops. A subclass speaks the upstream's protocol, one attempt at a time.
/// </summary>
public abstract class LivePush(StreamKey key, StreamHub hub, ReconnectBackoff backoff, ILogger logger)
{
    public StreamKey Key => key;
    /// <summary>How the logs name it: "Relay push", "CDN forward".</summary>
    protected abstract string Name { get; }
    /// <summary>Where it pushes to, as the logs show it.</summary>
    protected abstract string Target { get; }
    /// <summary>The failure an attempt that ended without a reason counts as.</summary>
    protected abstract string ClosedWithoutReason { get; }
    protected StreamHub Hub => hub;
    protected ILogger Logger => logger;

    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            // Only a live stream is (re)pushed: subscribing to an absent one would ask for an edge pull.
            if (hub.Find(key) is not { IsLive: true } stream)
            {
                logger.LogInformation("{Push} of {Stream} to {Target} ended: the stream is not live", Name, key, Target);
                return;
            }
            OnConnecting();
            string failure;
            try
            {
                var ended = await PushOnceAsync(stream, backoff, stopping).ConfigureAwait(false);
                if (ended is not null)
                {
                    logger.LogInformation("{Push} of {Stream} to {Target} ended: {Reason}", Name, key, Target, ended);
                    return;
                }
                failure = ClosedWithoutReason;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (DescribeFailure(ex) is { } why)
            {
                failure = why;
            }
            finally
            {
                OnAttemptOver();
            }
            var retry = CountFailure(failure);
            var delay = backoff.Next();
            logger.LogWarning("{Push} of {Stream} to {Target} failed: {Reason}; retry {Retry} in {Delay} s",
                Name, key, Target, failure, retry, delay.TotalSeconds);
            try { await Task.Delay(delay, stopping).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>
    /// One attempt: returns why the push is over, or null (or throws) when it should be retried.
    /// Resets <paramref name="backoff"/> once the upstream accepted.
    /// </summary>
    protected abstract Task<string?> PushOnceAsync(LiveStream stream, ReconnectBackoff backoff, CancellationToken stopping);

    /// <summary>Why an attempt failed, or null when the exception is not the link failing (a bug: it ends the push).</summary>
    protected abstract string? DescribeFailure(Exception ex);

    /// <summary>Records a failed attempt for status; returns the retry number it leads to.</summary>
    protected abstract int CountFailure(string failure);

    /// <summary>Called before each attempt.</summary>
    protected virtual void OnConnecting()
    {
    }

    /// <summary>Called after each attempt, however it ended.</summary>
    protected virtual void OnAttemptOver()
    {
    }
}
