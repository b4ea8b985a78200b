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
        var backoff = new ReconnectBackoff(options.ReconnectMinDelay, options.ReconnectMaxDelay);
        while (hub.Find(route.Stream) is { IsLive: true })
        {
            route.Enter(SrtRouteState.Connecting);
            string failure;
            try
            {
                var (reconnect, reason) = await PushOnceAsync(backoff, stopping).ConfigureAwait(false);
                if (!reconnect)
                {
                    logger.LogInformation("SRT push of {Stream} to {Target} ended: {Reason}", route.Stream, route.Url, reason);
                    return;
                }
                failure = reason;
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

    /// <summary>
    /// One connection, on a fresh subscription: it starts with the GOP cache (or waits for the next
    /// keyframe), and a fresh TS muxer sends PAT/PMT and in-band parameter sets first, so the
    /// listener can decode from its first packet, on every reconnect too. Returns whether to
    /// reconnect (the link broke, or the subscriber was cut off for falling behind) and why it ended.
    /// </summary>
    private async Task<(bool Reconnect, string Reason)> PushOnceAsync(ReconnectBackoff backoff, CancellationToken stopping)
    {
        var (socket, remote) = await caller.ConnectAsync(route.Url, stopping).ConfigureAwait(false);
        using var _ = socket;
        var info = new SessionInfo(Protocols.Udp, remote, SessionInfo.NewId()) { Transport = "srt-push", LinkStats = () => SrtLinkStats.Snapshot(socket) };
        using var subscriber = hub.Subscribe(route.Stream, info);
        route.Connected(socket);
        backoff.Reset();
        logger.LogInformation("SRT push {Session} sends {Stream} to {Target}", info, route.Stream, route.Url);
        string reason;
        await using (stopping.UnsafeRegister(static s => Stop(((Subscriber, SrtSocket))s!), (subscriber, socket)).ConfigureAwait(false))
            reason = await SrtEgress.RunAsync(socket, subscriber).ConfigureAwait(false);
        route.Connected(null);
        var cutOff = subscriber.Closed.IsCancellationRequested && !stopping.IsCancellationRequested;
        if (!socket.IsBroken && !cutOff)
            await Task.Delay(PlayOutTime(socket), CancellationToken.None).ConfigureAwait(false);
        stopping.ThrowIfCancellationRequested();
        if (socket.IsBroken || cutOff)
        {
            logger.LogInformation("SRT push {Session} of {Stream} stopped: {Reason}", info, route.Stream, reason);
            return (true, reason);
        }
        return (false, reason);
    }

    /// <summary>
    /// The route is removed (or the gateway stops): ending the subscription lets the egress send the
    /// rest of the TS it has muxed, so the listener's last frame is whole rather than cut mid-PES. A
    /// link too stalled to take it is closed a second after the listener should have played it out.
    /// </summary>
    private static void Stop((Subscriber Subscriber, SrtSocket Socket) connection)
    {
        connection.Subscriber.Close("the SRT push route was removed");
        _ = Task.Delay(PlayOutTime(connection.Socket) + TimeSpan.FromSeconds(1))
            .ContinueWith(static (_, s) => ((SrtSocket)s!).Dispose(), connection.Socket, TaskScheduler.Default);
    }

    /// <summary>
    /// How long the listener takes to play out what was just sent: its receiver holds each packet for
    /// the link's latency and drops what it still holds when the link closes, so an orderly end
    /// (stream over, route removed) waits this long before closing. Bounded for very long latencies.
    /// </summary>
    private static TimeSpan PlayOutTime(SrtSocket socket)
    {
        var ms = socket.TryGetStats(out var stats) ? stats.MsSendTsbPdDelay + 4 * stats.MsRtt + 50 : 500;
        return TimeSpan.FromMilliseconds(Math.Min(ms, 5000));
    }
}
