using System.Net.Sockets;
using System.Security.Authentication;
using InteropGateway.Adapters.Rtmp.Client;
using InteropGateway.Adapters.Rtmp.Egress;
using InteropGateway.Core.Relay;
using InteropGateway.Core.Sessions;
using InteropGateway.Matrix;
using Microsoft.Extensions.Logging;

namespace InteropGateway.Adapters.Rtmp.Cdn;

/// <summary>
/// Pushes one live stream to one CDN ingest until the stream ends. Each connection gets a fresh
/// subscription taken after the CDN accepted the publish, so it starts (and after a failure
/// resumes) on a keyframe from the GOP cache. Failures reconnect with backoff, logged with the reason.
/// </summary>
internal sealed class CdnForward(StreamKey key, RtmpUrl url, RtmpClientOptions clientOptions, CdnOptions options,
    StreamHub hub, CdnLink link, ILogger logger)
{
    public CdnLink Link => link;

    public async Task RunAsync(CancellationToken stopping)
    {
        var backoff = new ReconnectBackoff(options.ReconnectMinDelay, options.ReconnectMaxDelay);
        while (!stopping.IsCancellationRequested)
        {
            // Only a live stream is (re)pushed: subscribing to an absent one would ask for an edge pull.
            if (hub.Find(key) is not { IsLive: true })
            {
                logger.LogInformation("CDN forward of {Stream} to {Target} ended: the stream is not live", key, url.Redacted);
                return;
            }
            link.Enter(CdnLinkState.Connecting);
            string failure;
            try
            {
                var ended = await PushOnceAsync(backoff, stopping).ConfigureAwait(false);
                if (ended is not null)
                {
                    logger.LogInformation("CDN forward of {Stream} to {Target} ended: {Reason}", key, url.Redacted, ended);
                    return;
                }
                failure = "connection closed";
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is RtmpClientException or IOException or SocketException or AuthenticationException or TimeoutException)
            {
                failure = ex.Message;
            }
            catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException)
            {
                failure = ex.Message;
            }
            link.Failed(failure);
            var delay = backoff.Next();
            logger.LogWarning("CDN forward of {Stream} to {Target} failed: {Reason}; retry {Retry} in {Delay} s",
                key, url.Redacted, failure, link.Retries, delay.TotalSeconds);
            try { await Task.Delay(delay, stopping).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>One connection: returns why the forward is over, or throws / returns null when it should reconnect.</summary>
    private async Task<string?> PushOnceAsync(ReconnectBackoff backoff, CancellationToken stopping)
    {
        await using var client = await RtmpClientConnection.ConnectAsync(url, clientOptions, stopping).ConfigureAwait(false);
        await client.PublishAsync(stopping).ConfigureAwait(false);
        var info = new SessionInfo(Protocols.Cdn, client.RemoteEndPoint, SessionInfo.NewId()) { Transport = "rtmp-push" };
        using var subscriber = hub.Subscribe(key, info);
        link.Feed(subscriber);
        link.Enter(CdnLinkState.Publishing);
        backoff.Reset();
        logger.LogInformation("CDN forward {Session} pushes {Stream} to {Target}", info, key, url.Redacted);
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, client.Closed);
            string reason;
            try
            {
                reason = await new FlvEgressPump(subscriber, client.Output, logger).RunAsync(linked.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException && client.Closed.IsCancellationRequested && !stopping.IsCancellationRequested)
            {
                reason = client.CloseReason ?? ex.Message;
            }
            if (stopping.IsCancellationRequested)
            {
                await client.UnpublishAsync().ConfigureAwait(false);
                return "gateway stopping";
            }
            if (client.Closed.IsCancellationRequested)
                throw new RtmpClientException(RtmpClientException.ConnectionClosed, client.CloseReason ?? reason);
            // Cut off by the core (the CDN reads too slowly): reconnect and start again at a keyframe.
            if (subscriber.Closed.IsCancellationRequested)
                throw new IOException($"push fell behind: {reason}");
            await client.UnpublishAsync().ConfigureAwait(false);
            return reason; // the stream ended
        }
        finally
        {
            link.Feed(null);
        }
    }
}
