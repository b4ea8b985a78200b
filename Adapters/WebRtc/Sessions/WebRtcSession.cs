using InteropGateway.Adapters.WebRtc.Transport;
using InteropGateway.Core.Relay;
using InteropGateway.Core.Sessions;
using Microsoft.Extensions.Logging;

namespace InteropGateway.Adapters.WebRtc.Sessions;

/// <summary>
/// One WHIP or WHEP session: waits for ICE and DTLS (bounded), runs its media until the peer
/// leaves, the transport closes or the stream ends, and logs why it ended.
/// </summary>
internal abstract class WebRtcSession(StreamKey key, SessionInfo info, PeerTransport transport, ILogger logger)
{
    private readonly CancellationTokenSource _stop = new();

    public StreamKey Key => key;
    public SessionInfo Info => info;
    public PeerTransport Transport => transport;
    public string Id => info.SessionId;
    protected ILogger Logger => logger;
    protected string? EndReason { get; set; }

    public Task RunAsync(TimeSpan connectTimeout) => Task.Run(() => RunCoreAsync(connectTimeout));

    /// <summary>Ends the session (DELETE, shutdown); idempotent.</summary>
    public void Stop(string reason)
    {
        EndReason ??= reason;
        _stop.Cancel();
    }

    protected abstract Task RunMediaAsync(CancellationToken stopping);

    protected virtual void OnClosed() { }

    private async Task RunCoreAsync(TimeSpan connectTimeout)
    {
        try
        {
            var connected = await Task.WhenAny(transport.Connected, transport.Closed, Task.Delay(connectTimeout, _stop.Token)).ConfigureAwait(false);
            if (connected != transport.Connected || !transport.Connected.IsCompletedSuccessfully)
            {
                EndReason ??= transport.Closed.IsCompleted ? $"transport closed: {transport.Closed.Result}"
                    : _stop.IsCancellationRequested ? EndReason : $"ICE/DTLS not connected within {connectTimeout.TotalSeconds:F0} s";
                return;
            }
            logger.LogInformation("WebRTC session {Session} connected for {Stream} via {Path} ({Srtp})",
                info, key, transport.SelectedPath, transport.SrtpProfile);
            _ = transport.Closed.ContinueWith(t => Stop($"transport closed: {t.Result}"), TaskScheduler.Default);
            await RunMediaAsync(_stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            EndReason ??= ex.Message;
            logger.LogError(ex, "WebRTC session {Session} for {Stream} failed", info, key);
        }
        finally
        {
            OnClosed();
            transport.Dispose();
            logger.LogInformation("WebRTC session {Session} for {Stream} ended: {Reason}", info, key, EndReason ?? "ended");
        }
    }
}
