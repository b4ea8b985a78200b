using System.Diagnostics.CodeAnalysis;
using InteropGateway.Core.Sessions;
using Microsoft.Extensions.Logging;

namespace InteropGateway.Core.Relay;

/// <summary>
/// Plays one stream from an upstream and publishes it here under the same key, for all its local
/// players, while a <see cref="DemandedPuller{TPull}"/> keeps it. Runs until <see cref="Stop"/> (no
/// players left) or until someone else publishes the key here; a failed attempt is retried with
/// backoff, and each attempt publishes anew, so the core rebases its timestamps and the players keep
/// decoding across an upstream restart. A subclass speaks the upstream's protocol, one attempt at a time.
/// </summary>
public abstract class DemandedPull(StreamKey key, StreamHub hub, ReconnectBackoff backoff, ILogger logger)
{
    private readonly CancellationTokenSource _stop = new();
    private string? _stopReason;
    private Publication? _publication;
    private bool _notNeeded;

    public StreamKey Key => key;
    /// <summary>How the logs name it: "Relay pull", "CDN pull".</summary>
    public abstract string Name { get; }
    /// <summary>Where it pulls from, as the logs show it.</summary>
    protected abstract string Source { get; }
    /// <summary>Since when the stream has had no players (null while it has some); kept by the puller's sweep.</summary>
    public DateTimeOffset? IdleSince { get; set; }
    /// <summary>Whether the pulled stream is being published here now.</summary>
    public bool Connected => Volatile.Read(ref _publication) is not null;
    protected Publication? Publication => Volatile.Read(ref _publication);
    protected ILogger Logger => logger;

    public void Stop(string reason)
    {
        Interlocked.CompareExchange(ref _stopReason, reason, null);
        _stop.Cancel();
    }

    public async Task RunAsync(CancellationToken shutdown)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(shutdown, _stop.Token);
        logger.LogInformation("{Pull} of {Stream} from {Source} started for its players", Name, key, Source);
        while (!stopping.IsCancellationRequested)
        {
            OnConnecting();
            string failure;
            try
            {
                failure = await PullOnceAsync(backoff, stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (DescribeFailure(ex) is { } why)
            {
                failure = why;
            }
            EndPublication(failure);
            if (stopping.IsCancellationRequested || _notNeeded)
                break;
            var retry = CountFailure(failure);
            var delay = backoff.Next();
            logger.LogWarning("{Pull} of {Stream} from {Source} failed: {Reason}; retry {Retry} in {Delay} s",
                Name, key, Source, failure, retry, delay.TotalSeconds);
            try { await Task.Delay(delay, stopping.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { break; }
        }
        var reason = _stopReason ?? (shutdown.IsCancellationRequested ? "gateway stopping" : "stream is published here");
        EndPublication(reason);
        logger.LogInformation("{Pull} of {Stream} from {Source} stopped: {Reason}", Name, key, Source, reason);
    }

    /// <summary>One upstream attempt; returns why it ended. Resets <paramref name="backoff"/> once the upstream accepted.</summary>
    protected abstract Task<string> PullOnceAsync(ReconnectBackoff backoff, CancellationToken stopping);

    /// <summary>Why an attempt failed, or null when the exception is not the link failing (a bug: it ends the pull).</summary>
    protected abstract string? DescribeFailure(Exception ex);

    /// <summary>Records a failed attempt for status; returns the retry number it leads to.</summary>
    protected abstract int CountFailure(string failure);

    /// <summary>Called before each attempt.</summary>
    protected virtual void OnConnecting()
    {
    }

    /// <summary>
    /// Claims the key here for the pulled stream. False when someone publishes it here now: the pull
    /// is not needed, and ends after this attempt.
    /// </summary>
    protected bool TryPublishHere(SessionInfo info, [NotNullWhen(true)] out Publication? publication, [NotNullWhen(false)] out string? notNeeded)
    {
        if (!hub.TryPublish(key, info, out publication, out var error))
        {
            notNeeded = NotNeeded(error);
            return false;
        }
        Volatile.Write(ref _publication, publication);
        notNeeded = null;
        return true;
    }

    /// <summary>The key is someone else's here now (refused, or taken over): ends the pull after this attempt.</summary>
    protected string NotNeeded(string? why)
    {
        _notNeeded = true;
        return $"not needed: {why}";
    }

    protected void EndPublication(string reason) => Interlocked.Exchange(ref _publication, null)?.End(reason);
}
