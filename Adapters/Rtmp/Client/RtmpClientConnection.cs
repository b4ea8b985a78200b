using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using InteropGateway.Adapters.Rtmp.Egress;
using InteropGateway.Adapters.Rtmp.Protocol;
using InteropGateway.Adapters.Rtmp.Server;

namespace InteropGateway.Adapters.Rtmp.Client;

/// <summary>Media of a played stream, called on the read loop; <paramref name="payload"/> is valid only during the call.</summary>
public delegate void RtmpMediaHandler(byte messageType, uint timestamp, ReadOnlySpan<byte> payload);

/// <summary>
/// The gateway as an RTMP client (CDN push and pull): TCP or TLS, the handshake, connect, then one
/// publish or one play. A read loop answers the server's control messages (chunk size, window
/// acknowledgements, pings), completes command replies, and hands played media to
/// <see cref="MediaReceived"/> without copying it. Any failure closes the connection with a reason
/// (<see cref="CloseReason"/>, <see cref="Closed"/>).
/// </summary>
public sealed partial class RtmpClientConnection : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly PipeReader _input;
    private readonly RtmpOutput _output;
    private readonly ChunkReader _chunks;
    private readonly RtmpClientOptions _options;
    private readonly CancellationTokenSource _closed = new();
    private readonly List<RtmpMessage> _batch = new(16);
    private Task _readLoop = Task.CompletedTask;
    private string? _closeReason;

    private long _bytesReceived;
    private long _bytesAcknowledged;
    private uint _serverWindowAckSize = 2_500_000;

    private RtmpClientConnection(RtmpUrl url, Stream stream, EndPoint? remote, RtmpClientOptions options)
    {
        Url = url;
        RemoteEndPoint = remote;
        _stream = stream;
        _options = options;
        _input = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        _output = new RtmpOutput(PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true)));
        _chunks = new ChunkReader(options.Limits);
    }

    public RtmpUrl Url { get; }
    public EndPoint? RemoteEndPoint { get; }
    /// <summary>Fires when the connection is over (server hung up, protocol error, refused, disposed).</summary>
    public CancellationToken Closed => _closed.Token;
    public string? CloseReason => Volatile.Read(ref _closeReason);

    /// <summary>Audio, video and data messages of the played stream (set before <see cref="PlayAsync"/>).</summary>
    public RtmpMediaHandler? MediaReceived { get; set; }

    /// <summary>onStatus messages after publish/play has started (level, code, description), on the read loop.</summary>
    public Action<string, string, string>? StatusReceived { get; set; }

    /// <summary>Where a publisher writes FLV tags (FlvEgressPump) once <see cref="PublishAsync"/> succeeded.</summary>
    internal IFlvTagSink Output => _output;

    /// <summary>Opens the transport, does the handshake and connect; throws (and cleans up) on any failure.</summary>
    public static async Task<RtmpClientConnection> ConnectAsync(RtmpUrl url, RtmpClientOptions options, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        Stream stream;
        EndPoint? remote;
        try
        {
            (stream, remote) = await RtmpClientTransport.OpenAsync(url, options.ValidateCertificate, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no TCP/TLS connection to {url.Host}:{url.Port} within {options.Timeout.TotalSeconds:F0} s");
        }
        var connection = new RtmpClientConnection(url, stream, remote, options);
        try
        {
            await connection.WithTimeoutAsync("handshake", connection.HandshakeAsync, timeout.Token, cancellationToken).ConfigureAwait(false);
            connection._readLoop = Task.Run(connection.ReadLoopAsync);
            await connection.WithTimeoutAsync("connect", connection.SendConnectAsync, timeout.Token, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>createStream and publish (FMLE style: releaseStream and FCPublish first), until NetStream.Publish.Start.</summary>
    public Task PublishAsync(CancellationToken cancellationToken) => StepAsync("publish", async token =>
    {
        var name = Url.StreamName;
        await SendCommandAsync(0, "releaseStream", NextTransaction(), AmfValue.Null, name).ConfigureAwait(false);
        await SendCommandAsync(0, "FCPublish", NextTransaction(), AmfValue.Null, name).ConfigureAwait(false);
        var streamId = await CreateStreamAsync(token).ConfigureAwait(false);
        var started = ExpectStatus(RtmpStatus.PublishStart);
        await SendCommandAsync(streamId, "publish", 0, AmfValue.Null, name, "live").ConfigureAwait(false);
        await started.WaitAsync(token).ConfigureAwait(false);
    }, cancellationToken);

    /// <summary>createStream and play (live), until NetStream.Play.Start.</summary>
    public Task PlayAsync(CancellationToken cancellationToken) => StepAsync("play", async token =>
    {
        var streamId = await CreateStreamAsync(token).ConfigureAwait(false);
        var started = ExpectStatus(RtmpStatus.PlayStart);
        // -2: live if there is a live stream, else recorded (ffmpeg's default, which every server accepts).
        await SendCommandAsync(streamId, "play", 0, AmfValue.Null, Url.StreamName, -2.0).ConfigureAwait(false);
        await _output.SendAsync(streamId, static (o, id) =>
            UserControlMessages.WriteSetBufferLength(o.Chunks, o.Pipe, id, 1000), _closed.Token).ConfigureAwait(false);
        await started.WaitAsync(token).ConfigureAwait(false);
    }, cancellationToken);

    /// <summary>Sends one media message (tests and tools; the CDN push writes through <see cref="Output"/>).</summary>
    public ValueTask SendMediaAsync(byte messageType, uint timestamp, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) =>
        _output.SendAsync((messageType, timestamp, payload), static (o, m) =>
            o.WriteTag(m.messageType, m.timestamp, default, m.payload.Span), cancellationToken);

    /// <summary>Ends a publish politely (FCUnpublish, deleteStream) so the server unpublishes at once; best effort.</summary>
    public async Task UnpublishAsync()
    {
        if (_closed.IsCancellationRequested)
            return;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await SendCommandAsync(0, "FCUnpublish", NextTransaction(), AmfValue.Null, [Url.StreamName], timeout.Token).ConfigureAwait(false);
            await SendCommandAsync(0, "deleteStream", NextTransaction(), AmfValue.Null, [(double)_output.MediaStreamId], timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or InvalidOperationException)
        {
        }
    }

    /// <summary>Asks the connection to end (from any thread) with a reason.</summary>
    public void Close(string reason)
    {
        Interlocked.CompareExchange(ref _closeReason, reason, null);
        try { _closed.Cancel(); } catch (ObjectDisposedException) { }
        FailPendingCommands(reason);
    }

    public async ValueTask DisposeAsync()
    {
        Close("closed by the gateway");
        try { await _readLoop.ConfigureAwait(false); } catch { /* its reason is recorded */ }
        await _input.CompleteAsync().ConfigureAwait(false);
        // Socket first: completing the writer flushes, and a CDN that stopped reading must not hold us.
        await _stream.DisposeAsync().ConfigureAwait(false);
        try { await _output.Pipe.CompleteAsync().ConfigureAwait(false); }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException) { }
        _chunks.Dispose();
    }

    private async Task HandshakeAsync(CancellationToken cancellationToken)
    {
        // Digest C1, as ffmpeg sends: some CDN ingests refuse the plain handshake.
        var handshake = new RtmpClientHandshake(useDigest: true);
        handshake.WriteC0C1(_output.Pipe);
        await _output.Pipe.FlushAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var result = await _input.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (TryReadS0S1S2(handshake, result.Buffer, out var consumed))
            {
                _input.AdvanceTo(consumed);
                break;
            }
            if (result.IsCompleted)
                throw new IOException("server closed the connection during the handshake");
            _input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
        handshake.WriteC2(_output.Pipe);
        ProtocolControlMessages.WriteSetChunkSize(_output.Chunks, _output.Pipe, _options.OutChunkSize);
        _output.Chunks.ChunkSize = _options.OutChunkSize;
        await _output.Pipe.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static bool TryReadS0S1S2(RtmpClientHandshake handshake, ReadOnlySequence<byte> buffer, out SequencePosition consumed)
    {
        var reader = new SequenceReader<byte>(buffer);
        var done = handshake.TryReadS0S1S2(ref reader);
        consumed = reader.Position;
        return done;
    }

    private async Task SendConnectAsync(CancellationToken cancellationToken)
    {
        var command = new AmfObject()
            .Set("app", Url.App)
            .Set("type", "nonprivate")
            .Set("flashVer", _options.FlashVersion)
            .Set("tcUrl", Url.TcUrl)
            .Set("fpad", false)
            .Set("capabilities", 15.0)
            .Set("audioCodecs", 4071.0)
            .Set("videoCodecs", 252.0)
            .Set("videoFunction", 1.0);
        await CallAsync("connect", AmfValue.Object(command), cancellationToken).ConfigureAwait(false);
    }

    private async Task<uint> CreateStreamAsync(CancellationToken cancellationToken)
    {
        var reply = await CallAsync("createStream", AmfValue.Null, cancellationToken).ConfigureAwait(false);
        var id = reply.Argument(0).NumberOrNull ?? throw new RtmpClientException("createStream", $"createStream answered without a stream id: {reply}");
        if (id is < 1 or > int.MaxValue)
            throw new RtmpClientException("createStream", $"createStream answered stream id {id}");
        _output.MediaStreamId = (uint)id;
        return (uint)id;
    }

    /// <summary>Runs one step under the client timeout, turning its expiry into a TimeoutException that says which step.</summary>
    private async Task StepAsync(string step, Func<CancellationToken, Task> body, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closed.Token);
        timeout.CancelAfter(_options.Timeout);
        await WithTimeoutAsync(step, body, timeout.Token, cancellationToken).ConfigureAwait(false);
    }

    private async Task WithTimeoutAsync(string step, Func<CancellationToken, Task> body, CancellationToken token, CancellationToken caller)
    {
        try
        {
            await body(token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!caller.IsCancellationRequested)
        {
            if (CloseReason is { } reason)
                throw new RtmpClientException(RtmpClientException.ConnectionClosed, $"{step} failed: {reason}");
            throw new TimeoutException($"{step} not answered by {Url.Host}:{Url.Port} within {_options.Timeout.TotalSeconds:F0} s");
        }
    }
}
