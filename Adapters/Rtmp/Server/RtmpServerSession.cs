using System.Buffers;
using System.IO.Pipelines;
using InteropGateway.Adapters.Rtmp.Egress;
using InteropGateway.Adapters.Rtmp.Flv;
using InteropGateway.Adapters.Rtmp.Protocol;
using InteropGateway.Core.Relay;
using InteropGateway.Core.Sessions;
using InteropGateway.Matrix;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace InteropGateway.Adapters.Rtmp.Server;

/// <summary>
/// One RTMP connection: handshake, then a read loop that reassembles chunks into messages and
/// dispatches them. A connection either publishes (frames go to a <see cref="Publication"/>) or
/// plays (a <see cref="FlvEgressPump"/> task moves frames from a <see cref="Subscriber"/> out).
/// Any protocol violation closes this connection only, with the reason logged.
/// </summary>
internal sealed partial class RtmpServerSession
{
    private const uint MediaStreamId = 1;

    private readonly ConnectionContext _connection;
    private readonly StreamHub _hub;
    private readonly RtmpOptions _options;
    private readonly RtmpListenerProfile _profile;
    private readonly ILogger _logger;
    private readonly SessionInfo _info;
    private readonly PipeReader _input;
    private readonly RtmpOutput _output;
    private readonly ChunkReader _chunks;
    private readonly RtmpLimits _limits;
    private readonly CancellationTokenSource _closing = new();
    private readonly List<RtmpMessage> _batch = new(16);
    private string? _closeReason;

    private string? _app;
    /// <summary>Query of the app name in connect ("live?sign=..."), for clients that sign there instead of on the stream name.</summary>
    private string _appQuery = "";
    private Publication? _publication;
    private FlvIngestMapper? _ingest;
    private Subscriber? _subscriber;
    private Task? _pump;
    private volatile bool _playerClosedStream;
    /// <summary>Drop the TCP connection instead of flushing to it: the peer is not reading or not trusted.</summary>
    private volatile bool _abortConnection;

    private long _lastReceive = Environment.TickCount64;
    private long _bytesReceived;
    private long _bytesAcknowledged;
    private uint _peerWindowAckSize = 2_500_000;

    public RtmpServerSession(ConnectionContext connection, StreamHub hub, RtmpOptions options, ILogger logger, RtmpListenerProfile? profile = null)
    {
        _connection = connection;
        _hub = hub;
        _options = options;
        _logger = logger;
        _profile = profile ?? RtmpListenerProfile.Native;
        _info = new SessionInfo(_profile.Protocol, connection.RemoteEndPoint, SessionInfo.NewId()) { Transport = connection.Features.Get<ITlsConnectionFeature>() is null ? "rtmp" : "rtmps" };
        _input = connection.Transport.Input;
        _output = new RtmpOutput(connection.Transport.Output) { MediaStreamId = MediaStreamId };
        _limits = options.ToLimits();
        _chunks = new ChunkReader(_limits);
    }

    /// <param name="stopping">The gateway is stopping: end the session now rather than hold the shutdown up.</param>
    public async Task RunAsync(CancellationToken stopping)
    {
        _logger.LogInformation("RTMP session {Session} started", _info);
        using var onStop = stopping.Register(static self => ((RtmpServerSession)self!).Close("gateway stopping"), this);
        string reason;
        try
        {
            await HandshakeAsync().ConfigureAwait(false);
            await ReadLoopAsync().ConfigureAwait(false);
            reason = _closeReason ?? "connection closed by peer";
        }
        catch (RtmpProtocolException ex)
        {
            reason = $"protocol error ({ex.Reason}): {ex.Message}";
            _abortConnection = true;
            _logger.LogWarning("RTMP session {Session} violated the protocol: {Reason}", _info, reason);
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
            reason = _closeReason ?? "closed";
        }
        catch (TimeoutException ex)
        {
            reason = ex.Message;
        }
        catch (Exception ex) when (ex is IOException or ConnectionResetException or ConnectionAbortedException or InvalidOperationException)
        {
            reason = $"connection lost: {ex.Message}";
        }
        catch (Exception ex)
        {
            reason = $"internal error: {ex.Message}";
            _logger.LogError(ex, "RTMP session {Session} failed", _info);
        }
        await CleanupAsync(reason).ConfigureAwait(false);
        _logger.LogInformation("RTMP session {Session} ended: {Reason}", _info, reason);
    }

    /// <summary>Asks the session to end (from any thread) with a reason for the log.</summary>
    private void Close(string reason)
    {
        Interlocked.CompareExchange(ref _closeReason, reason, null);
        try { _closing.Cancel(); } catch (ObjectDisposedException) { }
    }

    private async Task HandshakeAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_closing.Token);
        timeout.CancelAfter(_options.HandshakeTimeout);
        var handshake = new RtmpHandshake();
        try
        {
            await ReadUntilAsync(handshake, static (h, ref r) => h.TryReadC0C1(ref r), timeout.Token).ConfigureAwait(false);
            handshake.WriteS0S1S2(_output.Pipe);
            await _output.Pipe.FlushAsync(timeout.Token).ConfigureAwait(false);
            await ReadUntilAsync(handshake, static (h, ref r) => h.TrySkipC2(ref r), timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !_closing.IsCancellationRequested)
        {
            throw new TimeoutException($"handshake not completed within {_options.HandshakeTimeout.TotalSeconds:F0} s");
        }
        _logger.LogDebug("RTMP session {Session} handshake done ({Mode})", _info, handshake.IsDigestMode ? "digest" : "plain");
    }

    private delegate bool HandshakeStep(RtmpHandshake handshake, ref SequenceReader<byte> reader);

    private async Task ReadUntilAsync(RtmpHandshake handshake, HandshakeStep step, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _input.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (TryStep(handshake, step, result.Buffer, out var consumed))
            {
                _input.AdvanceTo(consumed);
                return;
            }
            if (result.IsCompleted)
                throw new IOException("peer closed the connection during the handshake");
            _input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private static bool TryStep(RtmpHandshake handshake, HandshakeStep step, ReadOnlySequence<byte> buffer, out SequencePosition consumed)
    {
        var reader = new SequenceReader<byte>(buffer);
        var done = step(handshake, ref reader);
        consumed = reader.Position;
        return done;
    }

    private async Task ReadLoopAsync()
    {
        // One timer per connection checks for silence, instead of re-arming a timeout on every read.
        using var idleCheck = new Timer(static state => ((RtmpServerSession)state!).CloseIfIdle(), this,
            IdleCheckInterval, IdleCheckInterval);
        while (true)
        {
            var result = await _input.ReadAsync(_closing.Token).ConfigureAwait(false);
            Volatile.Write(ref _lastReceive, Environment.TickCount64);
            var buffer = result.Buffer;
            try
            {
                var consumed = _chunks.ReadAll(buffer, _batch);
                _bytesReceived += buffer.Slice(0, consumed).Length;
                _input.AdvanceTo(consumed, buffer.End);
                foreach (var message in _batch)
                    await HandleMessageAsync(message).ConfigureAwait(false);
            }
            finally
            {
                foreach (var message in _batch)
                    message.Dispose();
                _batch.Clear();
            }
            await AcknowledgeIfDueAsync().ConfigureAwait(false);
            if (result.IsCompleted)
                return;
        }
    }

    private static readonly TimeSpan IdleCheckInterval = TimeSpan.FromSeconds(1);

    /// <summary>Players legitimately send nothing for long stretches; everyone else must keep talking.</summary>
    private void CloseIfIdle()
    {
        if (_subscriber is not null)
            return;
        var silentMs = Environment.TickCount64 - Volatile.Read(ref _lastReceive);
        if (silentMs > _options.IdleTimeout.TotalMilliseconds)
            Close($"idle: nothing received for {_options.IdleTimeout.TotalSeconds:F0} s");
    }

    private async ValueTask AcknowledgeIfDueAsync()
    {
        if (_bytesReceived - _bytesAcknowledged < _peerWindowAckSize)
            return;
        _bytesAcknowledged = _bytesReceived;
        await _output.SendAsync(unchecked((uint)_bytesReceived), static (o, sequence) =>
            ProtocolControlMessages.WriteAcknowledgement(o.Chunks, o.Pipe, sequence), _closing.Token).ConfigureAwait(false);
    }

    private async ValueTask HandleMessageAsync(RtmpMessage message)
    {
        switch (message.TypeId)
        {
            case RtmpMessageType.Audio:
            case RtmpMessageType.Video:
                HandleMedia(message);
                break;
            case RtmpMessageType.CommandAmf0:
            case RtmpMessageType.CommandAmf3:
                await HandleCommandAsync(RtmpCommand.Parse(message, _limits.MaxAmfDepth)).ConfigureAwait(false);
                break;
            case RtmpMessageType.DataAmf0:
            case RtmpMessageType.DataAmf3:
                HandleData(message);
                break;
            case RtmpMessageType.WindowAcknowledgementSize:
                _peerWindowAckSize = Math.Max(1u, ProtocolControlMessages.ParseWindowAcknowledgementSize(message.Span));
                break;
            case RtmpMessageType.UserControl:
                var control = UserControlEvent.Parse(message.Span);
                if (control.EventType == UserControlEventType.PingRequest)
                    await _output.SendAsync(control.Value, static (o, ts) =>
                        UserControlMessages.WritePingResponse(o.Chunks, o.Pipe, ts), _closing.Token).ConfigureAwait(false);
                break;
            case RtmpMessageType.Acknowledgement:
            case RtmpMessageType.SetPeerBandwidth:
            case RtmpMessageType.SharedObjectAmf0:
            case RtmpMessageType.SharedObjectAmf3:
                break;
            case RtmpMessageType.Aggregate:
                throw new RtmpProtocolException("aggregate-unsupported", "aggregate messages are not accepted from publishers");
            default:
                throw new RtmpProtocolException("unknown-message-type", $"message type {message.TypeId} is not defined by RTMP");
        }
    }

    private void HandleMedia(RtmpMessage message)
    {
        if (_publication is null || _ingest is null)
            return; // media before publish: nothing to attach it to
        var result = _ingest.Map(message.TypeId, message.Timestamp, message.Span);
        switch (result.Outcome)
        {
            case FlvIngestOutcome.Frame:
                if (result.Jump is { } jump)
                    _logger.LogWarning("RTMP session {Session} publishing {Stream}: {Jump} (encoder clock reset; rebased so players keep decoding)",
                        _info, _publication.Key, jump);
                _publication.Publish(result.Frame!);
                break;
            case FlvIngestOutcome.NewTrackConfig:
                _logger.LogInformation("RTMP session {Session} publishes {Stream} track {Track}", _info, _publication.Key, result.Config);
                break;
            case FlvIngestOutcome.Unsupported:
                _logger.LogWarning("RTMP session {Session} sent media the gateway cannot carry: {Reason}", _info, result.Reason);
                break;
        }
    }

    private void HandleData(RtmpMessage message)
    {
        if (_publication is null)
            return;
        var data = RtmpDataMessage.Parse(message, _limits.MaxAmfDepth);
        if (data.TryGetMetadata(out var metadata))
            _logger.LogInformation("RTMP session {Session} metadata for {Stream}: {Metadata}", _info, _publication.Key,
                string.Join(", ", metadata.Select(p => $"{p.Key}={p.Value}")));
    }

    private async Task CleanupAsync(string reason)
    {
        _closeReason ??= reason;
        _publication?.End(reason);
        _subscriber?.Close(reason);
        try { _closing.Cancel(); } catch (ObjectDisposedException) { }
        if (_pump is not null)
        {
            try { await _pump.ConfigureAwait(false); }
            catch (Exception ex) { _logger.LogDebug(ex, "RTMP session {Session} play pump ended with an error", _info); }
        }
        _subscriber?.Dispose();
        _chunks.Dispose();
        if (_abortConnection)
        {
            // Completing the pipe would make Kestrel wait to flush megabytes to a peer that never reads.
            _connection.Abort(new ConnectionAbortedException(reason));
            return;
        }
        await _input.CompleteAsync().ConfigureAwait(false);
        await _output.Pipe.CompleteAsync().ConfigureAwait(false);
    }
}
