using System.Collections.Concurrent;
using System.Net;
using System.Runtime.InteropServices;
using InteropGateway.Adapters.Udp.Native;
using InteropGateway.Adapters.Udp.Srt.Sessions;
using InteropGateway.Core.Options;
using InteropGateway.Core.Relay;
using InteropGateway.Core.Sessions;
using InteropGateway.Matrix;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InteropGateway.Adapters.Udp.Srt.Listener;

/// <summary>
/// The SRT listener (UDP 10080 by default): callers publish with <c>m=publish</c> and play with
/// <c>m=request</c> (see <see cref="SrtStreamId"/>). Callers are vetted before libsrt accepts them
/// (<see cref="SrtAccessControl"/>); each accepted connection runs as a publish or play session on
/// the thread pool, its I/O waits served by the <see cref="SrtPoller"/> thread.
/// </summary>
internal sealed class SrtListener(StreamHub hub, SrtPoller poller, IOptions<SrtOptions> options, IOptionsMonitor<RelayOptions> relay,
    ILogger<SrtListener> logger) : IHostedService
{
    private readonly ConcurrentDictionary<SrtSocket, Task> _sessions = new();
    private SrtSocket? _listener;
    private GCHandle _accessControl;
    private Task _acceptLoop = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.Port < 0)
        {
            logger.LogInformation("SRT listener disabled (Gateway:Srt:Port = {Port})", settings.Port);
            return Task.CompletedTask;
        }
        var local = new IPEndPoint(IPAddress.Parse(settings.BindAddress ?? "0.0.0.0"), settings.Port);
        _accessControl = GCHandle.Alloc(new SrtAccessControl(hub, relay, logger));
        var listener = SrtSocket.Create(poller);
        try
        {
            SrtLinkSettings.From(settings).ApplyTo(listener);
            unsafe { listener.SetListenHook(&SrtAccessControl.OnHandshake, GCHandle.ToIntPtr(_accessControl)); }
            listener.Listen(local, settings.Backlog);
        }
        catch
        {
            listener.Dispose();
            _accessControl.Free();
            throw;
        }
        _listener = listener;
        _acceptLoop = AcceptLoopAsync(listener);
        logger.LogInformation("SRT listener on udp {Local} (libsrt {Version}, latency {Latency} ms, {Encryption})",
            local, SrtLibrary.Version, settings.LatencyMs, settings.Passphrase.Length > 0 ? $"AES-{settings.PbKeyLen * 8}" : "no encryption");
        return Task.CompletedTask;
    }

    private async Task AcceptLoopAsync(SrtSocket listener)
    {
        await Task.Yield();
        while (await listener.AcceptAsync().ConfigureAwait(false) is var (socket, peer))
        {
            var session = RunSessionAsync(socket, peer);
            _sessions[socket] = session;
            _ = session.ContinueWith(_ => _sessions.TryRemove(socket, out var _), TaskScheduler.Default);
        }
    }

    private async Task RunSessionAsync(SrtSocket socket, IPEndPoint? peer)
    {
        await Task.Yield(); // off the accept loop
        using var connection = socket;
        try
        {
            // Checked in the handshake hook already; parsed again to act on it.
            var streamId = socket.GetString(SrtOption.StreamId);
            if (!SrtStreamId.TryParse(streamId, out var request, out _, out var error))
            {
                logger.LogWarning("SRT connection {Socket} from {Peer} dropped: {Error}", socket, peer, error);
                return;
            }
            var info = new SessionInfo(Protocols.Udp, peer, SessionInfo.NewId()) { Transport = "srt", LinkStats = () => SrtLinkStats.Snapshot(socket) };
            if (request.Mode == SrtMode.Publish)
                await PublishAsync(socket, info, request.Key).ConfigureAwait(false);
            else
                await PlayAsync(socket, info, request.Key).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "SRT connection {Socket} from {Peer} failed", socket, peer);
        }
    }

    private async Task PublishAsync(SrtSocket socket, SessionInfo info, StreamKey key)
    {
        if (!hub.TryPublish(key, info, out var publication, out var error))
        {
            // Raced with another publisher after the handshake check: the hub logged it, the caller sees the close.
            logger.LogWarning("SRT publisher {Session} of {Stream} closed: {Error}", info, key, error);
            return;
        }
        logger.LogInformation("SRT publisher {Session} started {Stream}", info, key);
        var ended = await SrtIngest.RunAsync(socket, publication, logger).ConfigureAwait(false);
        logger.LogInformation("SRT publisher {Session} of {Stream} ended: {Reason}", info, key, ended);
    }

    private async Task PlayAsync(SrtSocket socket, SessionInfo info, StreamKey key)
    {
        using var subscriber = hub.Subscribe(key, info);
        logger.LogInformation("SRT player {Session} started {Stream}", info, key);
        var reason = await SrtEgress.RunAsync(socket, subscriber).ConfigureAwait(false);
        logger.LogInformation("SRT player {Session} of {Stream} ended: {Reason} ({Frames} frames, {Dropped} dropped)",
            info, key, reason, subscriber.FramesDelivered, subscriber.FramesDropped);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_listener is null)
            return;
        _listener.Dispose();
        foreach (var socket in _sessions.Keys)
            socket.Dispose();
        try
        {
            await Task.WhenAll([_acceptLoop, .. _sessions.Values]).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("SRT listener: {Sessions} sessions had not ended when the stop time ran out", _sessions.Count);
        }
        _accessControl.Free();
        _listener = null;
    }
}
