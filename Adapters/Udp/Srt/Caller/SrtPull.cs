using System.Net.Sockets;
using InteropGateway.Adapters.Udp.Native;
using InteropGateway.Adapters.Udp.Srt.Sessions;
using InteropGateway.Core.Relay;
using InteropGateway.Core.Sessions;
using InteropGateway.Matrix;
using Microsoft.Extensions.Logging;

namespace InteropGateway.Adapters.Udp.Srt.Caller;

/// <summary>
/// A pull route: connect to the remote SRT listener and publish what it sends as the local stream,
/// for as long as the route exists. A lost connection reconnects with backoff; players stay on the
/// stream through the publisher grace period meanwhile.
/// </summary>
internal sealed class SrtPull(SrtRoute route, SrtCaller caller, StreamHub hub, SrtOptions options, ILogger logger)
{
    public async Task RunAsync()
    {
        var stopping = route.Stopping;
        var backoff = new ReconnectBackoff(options.ReconnectMinDelay, options.ReconnectMaxDelay);
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                route.Enter(SrtRouteState.Connecting);
                string failure;
                try
                {
                    failure = await PullOnceAsync(backoff, stopping).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is SrtException or SocketException)
                {
                    failure = ex.Message;
                }
                route.Failed(failure);
                var delay = backoff.Next();
                logger.LogWarning("SRT pull of {Stream} from {Source} failed: {Reason}; retry {Retry} in {Delay} s",
                    route.Stream, route.Url, failure, route.Retries, delay.TotalSeconds);
                await Task.Delay(delay, stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    /// <summary>One connection; returns why it ended (every end is followed by a reconnect).</summary>
    private async Task<string> PullOnceAsync(ReconnectBackoff backoff, CancellationToken stopping)
    {
        var (socket, remote) = await caller.ConnectAsync(route.Url, stopping).ConfigureAwait(false);
        using var _ = socket;
        var info = new SessionInfo(Protocols.Udp, remote, SessionInfo.NewId()) { Transport = "srt-pull", LinkStats = () => SrtLinkStats.Snapshot(socket) };
        if (!hub.TryPublish(route.Stream, info, out var publication, out var error))
            return $"{route.Stream} cannot be published here: {error}";
        route.Connected(socket);
        backoff.Reset();
        logger.LogInformation("SRT pull {Session} publishes {Stream} from {Source}", info, route.Stream, route.Url);
        string ended;
        await using (stopping.UnsafeRegister(static s => ((SrtSocket)s!).Dispose(), socket).ConfigureAwait(false))
            ended = await SrtIngest.RunAsync(socket, publication, logger).ConfigureAwait(false);
        route.Connected(null);
        stopping.ThrowIfCancellationRequested();
        logger.LogInformation("SRT pull {Session} of {Stream} ended: {Reason}", info, route.Stream, ended);
        return ended;
    }
}
