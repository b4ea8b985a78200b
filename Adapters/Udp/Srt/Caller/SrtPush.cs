using System.Net.Sockets;
using InteropGateway.Adapters.Udp.Native;
using InteropGateway.Adapters.Udp.Srt.Sessions;
using InteropGateway.Core.Relay;
using InteropGateway.Core.Sessions;
using InteropGateway.Matrix;
using Microsoft.Extensions.Logging;

namespace InteropGateway.Adapters.Udp.Srt.Caller;

/// <summary>
/// A push route: whenever the local stream is live, send it to the remote SRT listener; each
/// connection takes a fresh subscription, so it starts (and after a failure resumes) on a keyframe.
/// Failures reconnect with backoff; the push ends with the stream and starts again when it is
/// published again.
/// </summary>
internal sealed class SrtPush(SrtRoute route, SrtCaller caller, StreamHub hub, SrtOptions options, ILogger logger)
{
    /// <summary>Catches what the Published event can't: a route added for a stream that is already live.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public async Task RunAsync()
    {
        var stopping = route.Stopping;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                route.Enter(SrtRouteState.WaitingForStream);
                while (hub.Find(route.Stream) is not { IsLive: true })
                    await route.WaitForPublishAsync(PollInterval, stopping).ConfigureAwait(false);
                await PushWhileLiveAsync(stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task PushWhileLiveAsync(CancellationToken stopping)
    {
        var backoff = new SrtBackoff(options.ReconnectMinDelay, options.ReconnectMaxDelay);
        while (hub.Find(route.Stream) is { IsLive: true })
        {
            route.Enter(SrtRouteState.Connecting);
            string failure;
            try
            {
                var ended = await PushOnceAsync(backoff, stopping).ConfigureAwait(false);
                if (ended is not null)
                {
                    logger.LogInformation("SRT push of {Stream} to {Target} ended: {Reason}", route.Stream, route.Url, ended);
                    return;
                }
                failure = "connection closed by the listener or lost";
            }
            catch (Exception ex) when (ex is SrtException or SocketException)
            {
                failure = ex.Message;
            }
            route.Failed(failure);
            var delay = backoff.Next();
            logger.LogWarning("SRT push of {Stream} to {Target} failed: {Reason}; retry {Retry} in {Delay} s",
                route.Stream, route.Url, failure, route.Retries, delay.TotalSeconds);
            await Task.Delay(delay, stopping).ConfigureAwait(false);
        }
    }

    /// <summary>One connection: returns why the push is over (the stream ended), or null to reconnect.</summary>
    private async Task<string?> PushOnceAsync(SrtBackoff backoff, CancellationToken stopping)
    {
        var (socket, remote) = await caller.ConnectAsync(route.Url, stopping).ConfigureAwait(false);
        using var _ = socket;
        var info = new SessionInfo(Protocols.Udp, remote, SessionInfo.NewId()) { Transport = "srt-push", LinkStats = () => SrtLinkStats.Snapshot(socket) };
        using var subscriber = hub.Subscribe(route.Stream, info);
        route.Connected(socket);
        backoff.Reset();
        logger.LogInformation("SRT push {Session} sends {Stream} to {Target}", info, route.Stream, route.Url);
        string reason;
        await using (stopping.UnsafeRegister(static s => ((SrtSocket)s!).Dispose(), socket).ConfigureAwait(false))
            reason = await SrtEgress.RunAsync(socket, subscriber).ConfigureAwait(false);
        route.Connected(null);
        stopping.ThrowIfCancellationRequested();
        // Broken link or cut off for falling behind: reconnect and start again at a keyframe.
        if (socket.IsBroken || subscriber.Closed.IsCancellationRequested)
        {
            logger.LogInformation("SRT push {Session} of {Stream} stopped: {Reason}", info, route.Stream, reason);
            return null;
        }
        return reason;
    }
}
