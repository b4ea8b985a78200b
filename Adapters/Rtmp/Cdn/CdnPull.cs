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
/// Plays one stream from an upstream (a CDN or origin) over RTMP and publishes it here for every
/// player of that key at once; a lost upstream is reconnected, and each upstream publisher is a new
/// publisher here (see <see cref="DemandedPull"/>).
/// </summary>
internal sealed class CdnPull(StreamKey key, RtmpUrl url, RtmpClientOptions clientOptions, CdnOptions options,
    StreamHub hub, CdnLink link, ILogger logger)
    : DemandedPull(key, hub, new ReconnectBackoff(options.ReconnectMinDelay, options.ReconnectMaxDelay), logger)
{
    // Touched only on the upstream connection's read loop, and after it has ended.
    private FlvIngestMapper _mapper = new();
    private SessionInfo? _info;

    public CdnLink Link => link;
    public override string Name => "CDN pull";
    protected override string Source => url.Redacted;

    protected override void OnConnecting() => link.Enter(CdnLinkState.Connecting);

    protected override string? DescribeFailure(Exception ex) =>
        ex is RtmpClientException or IOException or SocketException or AuthenticationException or TimeoutException or OperationCanceledException
            ? ex.Message : null;

    protected override int CountFailure(string failure)
    {
        link.Failed(failure);
        return link.Retries;
    }

    /// <summary>One upstream connection; returns why it ended.</summary>
    protected override async Task<string> PullOnceAsync(ReconnectBackoff backoff, CancellationToken stopping)
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
                if (Publication is null && !TryStartPublication(client))
                {
                    result.Frame!.Release();
                    return;
                }
                if (result.Jump is { } jump)
                    Logger.LogWarning("CDN pull {Session} of {Stream}: {Jump} (upstream clock reset; rebased)", _info, Key, jump);
                Publication!.Publish(result.Frame!);
                link.CountFrame();
                break;
            case FlvIngestOutcome.NewTrackConfig:
                Logger.LogInformation("CDN pull {Session} of {Stream} gets track {Track}", _info, Key, result.Config);
                break;
            case FlvIngestOutcome.Unsupported:
                Logger.LogWarning("CDN pull of {Stream} from {Source} carries media the gateway cannot: {Reason}", Key, url.Redacted, result.Reason);
                break;
        }
    }

    private bool TryStartPublication(RtmpClientConnection client)
    {
        var info = new SessionInfo(Protocols.Cdn, client.RemoteEndPoint, SessionInfo.NewId()) { Transport = "rtmp-pull" };
        if (!TryPublishHere(info, out _, out var notNeeded))
        {
            client.Close(notNeeded);
            return false;
        }
        _info = info;
        link.Enter(CdnLinkState.Playing);
        Logger.LogInformation("CDN pull {Session} publishes {Stream} from {Source}", info, Key, url.Redacted);
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
                Logger.LogWarning("CDN pull of {Stream} from {Source}: upstream said {Code}: {Description}", Key, url.Redacted, code, description);
                break;
        }
    }
}
