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
/// and a connection that never sends one is closed.
/// </summary>
internal sealed class IceTcpConnection
{
    /// <summary>Time a new connection has to prove itself with a valid STUN check.</summary>
    private static readonly TimeSpan FirstCheckTimeout = TimeSpan.FromSeconds(10);

    private readonly WebRtcTransportServer _server;
    private readonly Socket _socket;
    private readonly WebRtcTransportOptions _options;
    private readonly ILogger _logger;
    private readonly TcpPath _path;
    private readonly Channel<OutgoingFrame> _outgoing;
    private readonly CancellationTokenSource _closing = new();
    private int _closed;

    private readonly record struct OutgoingFrame(byte[] Buffer, int Length);

    public IceTcpConnection(WebRtcTransportServer server, Socket socket, WebRtcTransportOptions options, ILogger logger)
    {
        _server = server;
        _socket = socket;
        _options = options;
        _logger = logger;
        RemoteEndPoint = (IPEndPoint)socket.RemoteEndPoint!;
        _path = new TcpPath(this);
        _outgoing = Channel.CreateBounded<OutgoingFrame>(new BoundedChannelOptions(options.TcpSendQueueFrames)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait, // TryWrite fails instead of waiting; see TryQueueFrame
        });
    }

    public IPEndPoint RemoteEndPoint { get; }

    public async Task RunAsync()
    {
        var stream = new NetworkStream(_socket, ownsSocket: true);
        var writer = WriteLoopAsync(stream);
        try
        {
            using var firstCheck = new Timer(static state =>
            {
                var self = (IceTcpConnection)state!;
                if (self._server.OwnerOf(self._path) is null)
                    self.Close();
            }, this, FirstCheckTimeout, Timeout.InfiniteTimeSpan);
            await ReadLoopAsync(PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16384)));
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The peer went away or we closed it.
        }
        finally
        {
            Close();
            await writer;
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
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
        _socket.Dispose();
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

    private async Task WriteLoopAsync(NetworkStream stream)
    {
        try
        {
            await foreach (var frame in _outgoing.Reader.ReadAllAsync(CancellationToken.None))
            {
                try
                {
                    if (Volatile.Read(ref _closed) == 0)
                        await stream.WriteAsync(frame.Buffer.AsMemory(0, frame.Length), _closing.Token);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(frame.Buffer);
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            Close();
            // Return whatever is still queued.
            while (_outgoing.Reader.TryRead(out var frame))
                ArrayPool<byte>.Shared.Return(frame.Buffer);
        }
    }
}
