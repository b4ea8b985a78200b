namespace InteropGateway.Core.Relay;

/// <summary>
/// The loop of the services that start work for live streams (CDN forwards, relay pushes): runs
/// their check at once when the hub says a stream was published, and every poll interval for what
/// that can't catch (a rule reloaded for a stream already live, a push that ended while its stream is live).
/// </summary>
public static class PublishPoller
{
    /// <summary>Runs until <paramref name="stopping"/> fires, then returns.</summary>
    public static async Task RunAsync(StreamHub hub, TimeSpan pollInterval, Action check, CancellationToken stopping)
    {
        // Not disposed: a Published handler already under way may still release it after we unsubscribe.
        var published = new SemaphoreSlim(0);
        Action<LiveStream> wake = _ => published.Release();
        hub.Published += wake;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                await published.WaitAsync(pollInterval, stopping).ConfigureAwait(false);
                check();
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        finally
        {
            hub.Published -= wake;
        }
    }
}
