using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace InteropGateway.Adapters.WebRtc.Transport;

/// <summary>
/// One passive ICE-TCP connection (RFC 6544): RFC 4571 frames carrying the same STUN, DTLS and SRTP as
/// the UDP port. The first valid STUN check binds it to a session; until then nothing else is accepted,
/// and a connection that never sends one is closed. It runs over a duplex pipe, so the same code serves
/// a socket accepted on the ICE-TCP port and a connection handed over by the multiplexed TLS port
/// (plain, or already decrypted from TLS).
/// </summary>
internal sealed class IceTcpConnection
{
    /// <summary>Time a new connection has to prove itself with a valid STUN check.</summary>
    private static readonly TimeSpan FirstCheckTimeout = TimeSpan.FromSeconds(10);

    private readonly WebRtcTransportServer _server;
    private readonly IDuplexPipe _transport;
    private readonly Action _abortTransport;
    private readonly WebRtcTransportOptions _options;
    private readonly ILogger _logger;
    private readonly TcpPath _path;
    private readonly Channel<OutgoingFrame> _outgoing;
    private readonly CancellationTokenSource _closing = new();
    private int _closed;

    private readonly record struct OutgoingFrame(byte[] Buffer, int Length);

    /// <param name="abortTransport">
    /// Tears the underlying connection down at once; called when this connection is closed from outside
    /// (session ended, no first check, bad framing) so a peer that stopped reading cannot keep it open.
    /// </param>
    public IceTcpConnection(WebRtcTransportServer server, IDuplexPipe transport, IPEndPoint remoteEndPoint, Action abortTransport,
        WebRtcTransportOptions options, ILogger logger)
    {
        _server = server;
        _transport = transport;
        _abortTransport = abortTransport;
        _options = options;
        _logger = logger;
        RemoteEndPoint = remoteEndPoint;
        _path = new TcpPath(this);
        _outgoing = Channel.CreateBounded<OutgoingFrame>(new BoundedChannelOptions(options.TcpSendQueueFrames)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait, // TryWrite fails instead of waiting; see TryQueueFrame
        });
    }

    public IPEndPoint RemoteEndPoint { get; }

    /// <summary>Reads frames until the peer or we close the connection; then unbinds the path from its session.</summary>
    public async Task RunAsync()
    {
        var writer = WriteLoopAsync(_transport.Output);
        try
        {
            using var firstCheck = new Timer(static state =>
            {
                var self = (IceTcpConnection)state!;
                if (self._server.OwnerOf(self._path) is null)
                    self.Close();
            }, this, FirstCheckTimeout, Timeout.InfiniteTimeSpan);
            await ReadLoopAsync(_transport.Input);
        }
        catch (Exception e) when (IsConnectionEnd(e))
        {
            // The peer went away or we closed it.
        }
        finally
        {
            Close();
            await writer;
            await CompleteQuietlyAsync();
            var owner = _server.OwnerOf(_path);
            _server.Unbind(_path);
            owner?.OnPathClosed(_path, "ICE-TCP connection closed");
        }
    }

    /// <summary>Frames a copy of the packet into a pooled buffer and queues it; drops it if the peer reads too slowly.</summary>
    public bool TryQueueFrame(ReadOnlySpan<byte> packet)
    {
        if (Volatile.Read(ref _closed) != 0 || packet.Length > ushort.MaxValue)
            return false;
        var buffer = ArrayPool<byte>.Shared.Rent(packet.Length + Rfc4571Framing.HeaderLength);
        Rfc4571Framing.WriteHeader(buffer, packet.Length);
        packet.CopyTo(buffer.AsSpan(Rfc4571Framing.HeaderLength));
        if (_outgoing.Writer.TryWrite(new OutgoingFrame(buffer, packet.Length + Rfc4571Framing.HeaderLength)))
            return true;
        ArrayPool<byte>.Shared.Return(buffer);
        _server.Counters.Increment(ref _server.Counters.TcpSendDrops);
        return false;
    }

    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
            return;
        _outgoing.Writer.TryComplete();
        _closing.Cancel();
        try
        {
            _abortTransport();
        }
        catch (Exception e) when (IsConnectionEnd(e))
        {
        }
    }

    private async Task ReadLoopAsync(PipeReader reader)
    {
        // Frames are copied here so SRTP can be decrypted in place, as on the UDP path.
        var scratch = new byte[_options.MaxTcpFrameLength];
        while (true)
        {
            var result = await reader.ReadAsync(_closing.Token);
            var buffer = result.Buffer;
            var consumed = ProcessFrames(buffer, scratch, out var invalid);
            reader.AdvanceTo(consumed, buffer.End);
            if (invalid)
            {
                _server.Counters.Increment(ref _server.Counters.TcpFramingErrors);
                _logger.LogDebug("ICE-TCP {Remote}: bad RFC 4571 frame length, closing", RemoteEndPoint);
                return;
            }
            if (result.IsCompleted || result.IsCanceled)
                return;
        }
    }

    private SequencePosition ProcessFrames(ReadOnlySequence<byte> buffer, byte[] scratch, out bool invalid)
    {
        invalid = false;
        var reader = new SequenceReader<byte>(buffer);
        while (true)
        {
            var status = Rfc4571Framing.TryRead(ref reader, scratch.Length, out var frame);
            if (status == Rfc4571Framing.ReadResult.NeedMoreData)
                return reader.Position;
            if (status == Rfc4571Framing.ReadResult.Invalid)
            {
                invalid = true;
                return reader.Position;
            }
            var length = (int)frame.Length;
            frame.CopyTo(scratch);
            Dispatch(scratch.AsSpan(0, length));
        }
    }

    private void Dispatch(Span<byte> packet)
    {
        _server.Counters.Increment(ref _server.Counters.Datagrams);
        var kind = PacketClassifier.Classify(packet);
        if (kind == PacketKind.Stun)
        {
            _server.HandleStun(packet, _path, () => _path);
            return;
        }
        var owner = _server.OwnerOf(_path);
        if (owner is null)
        {
            _server.Counters.Increment(ref _server.Counters.UnknownAddress);
            return;
        }
        _server.Deliver(owner, packet, kind, _path);
    }

    /// <summary>
    /// Copies every queued frame into the pipe, then flushes once: a burst of packets (a keyframe) goes out
    /// in as few writes as the transport allows, and the pooled buffers go straight back.
    /// </summary>
    private async Task WriteLoopAsync(PipeWriter output)
    {
        var queue = _outgoing.Reader;
        try
        {
            while (await queue.WaitToReadAsync(CancellationToken.None))
            {
                while (queue.TryRead(out var frame))
                {
                    try
                    {
                        if (Volatile.Read(ref _closed) == 0)
                            output.Write(frame.Buffer.AsSpan(0, frame.Length));
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(frame.Buffer);
                    }
                }
                if (Volatile.Read(ref _closed) != 0)
                    break;
                var flushed = await output.FlushAsync(_closing.Token);
                if (flushed.IsCompleted || flushed.IsCanceled)
                    break;
            }
        }
        catch (Exception e) when (IsConnectionEnd(e))
        {
        }
        finally
        {
            Close();
            // Return whatever is still queued.
            while (queue.TryRead(out var frame))
                ArrayPool<byte>.Shared.Return(frame.Buffer);
        }
    }

    /// <summary>Tells the owner of the transport we are done with both directions; it may already be torn down.</summary>
    private async ValueTask CompleteQuietlyAsync()
    {
        try
        {
            await _transport.Input.CompleteAsync();
        }
        catch (Exception e) when (IsConnectionEnd(e))
        {
        }
        try
        {
            await _transport.Output.CompleteAsync();
        }
        catch (Exception e) when (IsConnectionEnd(e))
        {
        }
    }

    private static bool IsConnectionEnd(Exception e) =>
        e is IOException or SocketException or ObjectDisposedException or OperationCanceledException;
}
