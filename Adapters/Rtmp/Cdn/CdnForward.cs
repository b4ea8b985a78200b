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
    : LivePush(key, hub, new ReconnectBackoff(options.ReconnectMinDelay, options.ReconnectMaxDelay), logger)
{
    public CdnLink Link => link;
    protected override string Name => "CDN forward";
    protected override string Target => url.Redacted;
    protected override string ClosedWithoutReason => "connection closed";

    protected override void OnConnecting() => link.Enter(CdnLinkState.Connecting);

    protected override string? DescribeFailure(Exception ex) =>
        ex is RtmpClientException or IOException or SocketException or AuthenticationException or TimeoutException
            or OperationCanceledException or InvalidOperationException ? ex.Message : null;

    protected override int CountFailure(string failure)
    {
        link.Failed(failure);
        return link.Retries;
    }

    /// <summary>One connection: returns why the forward is over, or throws / returns null when it should reconnect.</summary>
    protected override async Task<string?> PushOnceAsync(LiveStream stream, ReconnectBackoff backoff, CancellationToken stopping)
    {
        await using var client = await RtmpClientConnection.ConnectAsync(url, clientOptions, stopping).ConfigureAwait(false);
        await client.PublishAsync(stopping).ConfigureAwait(false);
        var info = new SessionInfo(Protocols.Cdn, client.RemoteEndPoint, SessionInfo.NewId()) { Transport = "rtmp-push" };
        using var subscriber = Hub.Subscribe(Key, info);
        link.Feed(subscriber);
        link.Enter(CdnLinkState.Publishing);
        backoff.Reset();
        Logger.LogInformation("CDN forward {Session} pushes {Stream} to {Target}", info, Key, url.Redacted);
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, client.Closed);
            string reason;
            try
            {
                reason = await new FlvEgressPump(subscriber, client.Output, Logger).RunAsync(linked.Token).ConfigureAwait(false);
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
