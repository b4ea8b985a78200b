using System.Net.Sockets;
using System.Security.Authentication;
using InteropGateway.Adapters.Rtmp.Client;
using InteropGateway.Adapters.Rtmp.Flv;
using InteropGateway.Core.Relay;
using InteropGateway.Core.Sessions;
using InteropGateway.Matrix;
using Microsoft.Extensions.Logging;

namespace InteropGateway.Adapters.Rtmp.Cdn;

/// <summary>
/// Plays one stream from an upstream (a CDN or origin) and publishes it here under the same key,
/// for every player of that key at once. Runs until <see cref="Stop"/> (no players left); a lost
/// upstream is reconnected with backoff, and each upstream connection is a new publisher, so the
/// core rebases its timestamps and players keep decoding.
/// </summary>
internal sealed class CdnPull(StreamKey key, RtmpUrl url, RtmpClientOptions clientOptions, CdnOptions options,
    StreamHub hub, CdnLink link, ILogger logger)
{
    private readonly CancellationTokenSource _stop = new();
    private string? _stopReason;
    // Touched only on the upstream connection's read loop, and after it has ended.
    private FlvIngestMapper _mapper = new();
    private Publication? _publication;
    private SessionInfo? _info;
    private bool _refusedHere;

    public CdnLink Link => link;
    public StreamKey Key => key;
    /// <summary>Since when the stream has had no players (null while it has some); kept by the puller's sweep.</summary>
    public DateTimeOffset? IdleSince { get; set; }

    public void Stop(string reason)
    {
        Interlocked.CompareExchange(ref _stopReason, reason, null);
        _stop.Cancel();
    }

    public async Task RunAsync(CancellationToken shutdown)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(shutdown, _stop.Token);
        var backoff = new ReconnectBackoff(options.ReconnectMinDelay, options.ReconnectMaxDelay);
        logger.LogInformation("CDN pull of {Stream} from {Source} started for its players", key, url.Redacted);
        while (!stopping.IsCancellationRequested)
        {
            link.Enter(CdnLinkState.Connecting);
            string failure;
            try
            {
                failure = await PlayOnceAsync(backoff, stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is RtmpClientException or IOException or SocketException or AuthenticationException
                or TimeoutException or OperationCanceledException)
            {
                failure = ex.Message;
            }
            EndPublication(failure);
            if (stopping.IsCancellationRequested || _refusedHere)
                break;
            link.Failed(failure);
            var delay = backoff.Next();
            logger.LogWarning("CDN pull of {Stream} from {Source} failed: {Reason}; retry {Retry} in {Delay} s",
                key, url.Redacted, failure, link.Retries, delay.TotalSeconds);
            try { await Task.Delay(delay, stopping.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { break; }
        }
        var reason = _stopReason ?? (shutdown.IsCancellationRequested ? "gateway stopping" : "stream is published here");
        EndPublication(reason);
        logger.LogInformation("CDN pull of {Stream} from {Source} stopped: {Reason}", key, url.Redacted, reason);
    }

    /// <summary>One upstream connection; returns why it ended.</summary>
    private async Task<string> PlayOnceAsync(ReconnectBackoff backoff, CancellationToken stopping)
    {
        await using var client = await RtmpClientConnection.ConnectAsync(url, clientOptions, stopping).ConfigureAwait(false);
        _mapper = new FlvIngestMapper();
        client.MediaReceived = (type, timestamp, payload) => OnMedia(client, type, timestamp, payload);
        client.StatusReceived = (_, code, description) => OnStatus(code, description);
        await client.PlayAsync(stopping).ConfigureAwait(false);
        link.Enter(CdnLinkState.Waiting);
        backoff.Reset();
        try
        {
            await Task.Delay(Timeout.Infinite, client.Closed).WaitAsync(stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (client.Closed.IsCancellationRequested && !stopping.IsCancellationRequested)
        {
        }
        stopping.ThrowIfCancellationRequested();
        return client.CloseReason ?? "upstream connection closed";
    }

    private void OnMedia(RtmpClientConnection client, byte type, uint timestamp, ReadOnlySpan<byte> payload)
    {
        var result = _mapper.Map(type, timestamp, payload);
        switch (result.Outcome)
        {
            case FlvIngestOutcome.Frame:
                if (_publication is null && !TryStartPublication(client))
                {
                    result.Frame!.Release();
                    return;
                }
                if (result.Jump is { } jump)
                    logger.LogWarning("CDN pull {Session} of {Stream}: {Jump} (upstream clock reset; rebased)", _info, key, jump);
                _publication!.Publish(result.Frame!);
                link.CountFrame();
                break;
            case FlvIngestOutcome.NewTrackConfig:
                logger.LogInformation("CDN pull {Session} of {Stream} gets track {Track}", _info, key, result.Config);
                break;
            case FlvIngestOutcome.Unsupported:
                logger.LogWarning("CDN pull of {Stream} from {Source} carries media the gateway cannot: {Reason}", key, url.Redacted, result.Reason);
                break;
        }
    }

    private bool TryStartPublication(RtmpClientConnection client)
    {
        var info = new SessionInfo(Protocols.Cdn, client.RemoteEndPoint, SessionInfo.NewId()) { Transport = "rtmp-pull" };
        if (!hub.TryPublish(key, info, out var publication, out var error))
        {
            // Someone publishes this key here now: the pull is not needed.
            _refusedHere = true;
            client.Close($"not needed: {error}");
            return false;
        }
        _publication = publication;
        _info = info;
        link.Enter(CdnLinkState.Playing);
        logger.LogInformation("CDN pull {Session} publishes {Stream} from {Source}", info, key, url.Redacted);
        return true;
    }

    private void OnStatus(string code, string description)
    {
        switch (code)
        {
            case "NetStream.Play.UnpublishNotify":
            case "NetStream.Play.Stop":
                // The upstream publisher left; keep the connection, the upstream may get a new one.
                EndPublication($"upstream said {code}");
                _mapper = new FlvIngestMapper();
                link.Enter(CdnLinkState.Waiting);
                break;
            case "NetStream.Play.StreamNotFound":
            case "NetStream.Play.Failed":
                logger.LogWarning("CDN pull of {Stream} from {Source}: upstream said {Code}: {Description}", key, url.Redacted, code, description);
                break;
        }
    }

    private void EndPublication(string reason)
    {
        var publication = Interlocked.Exchange(ref _publication, null);
        publication?.End(reason);
    }
}
