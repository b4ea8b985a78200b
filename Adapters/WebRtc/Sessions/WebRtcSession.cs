using InteropGateway.Adapters.WebRtc.Rtp.Rtcp;
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
    private long _malformedRtcp;

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

    /// <summary>Calls <paramref name="sendReports"/> about once a second (<see cref="RtcpInterval"/>) until <paramref name="stopping"/>.</summary>
    protected async Task SendReportsUntilAsync(Action sendReports, TimeProvider time, CancellationToken stopping)
    {
        try
        {
            while (true)
            {
                await Task.Delay(RtcpInterval.Next(), time, stopping).ConfigureAwait(false);
                sendReports();
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // Reports are QoS: losing them must not end the media, but it must be seen.
            logger.LogError(ex, "WebRTC session {Session}: RTCP reports stopped", info);
        }
    }

    /// <summary>Malformed RTCP is dropped with a log line (the first at warning level); the session goes on.</summary>
    protected void LogMalformedRtcp(int length)
    {
        var count = Interlocked.Increment(ref _malformedRtcp);
        logger.Log(count == 1 ? LogLevel.Warning : LogLevel.Debug,
            "WebRTC session {Session}: dropped a malformed RTCP packet ({Length} bytes, {Count} so far)", info, length, count);
    }

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
