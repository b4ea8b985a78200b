using System.Buffers;
using System.Net.Sockets;
using System.Net;
using InteropGateway.Adapters.Rtmp.Protocol;

namespace InteropGateway.Tests.Integration.Infrastructure;

/// <summary>
/// A bare RTMP client that completes the real handshake and then sends whatever a test wants,
/// including bytes no honest client would send.
/// </summary>
public sealed class RawRtmpClient : IAsyncDisposable
{
    private readonly TcpClient _tcp = new(AddressFamily.InterNetwork);
    private NetworkStream _stream = null!;
    private uint _nextTransaction = 1;

    public ChunkWriter Chunks { get; } = new();
    public IPEndPoint LocalEndPoint => (IPEndPoint)_tcp.Client.LocalEndPoint!;

    /// <param name="receiveBufferSize">Set before connecting, so a small value keeps the advertised TCP window small (a stalled player).</param>
    public static async Task<RawRtmpClient> ConnectAsync(int port, int? receiveBufferSize = null)
    {
        var client = new RawRtmpClient();
        if (receiveBufferSize is { } size)
            client._tcp.ReceiveBufferSize = size;
        await client._tcp.ConnectAsync(IPAddress.Loopback, port);
        client._stream = client._tcp.GetStream();
        await client.HandshakeAsync();
        return client;
    }

    private async Task HandshakeAsync()
    {
        var handshake = new RtmpClientHandshake();
        var c0c1 = new ArrayBufferWriter<byte>();
        handshake.WriteC0C1(c0c1);
        await _stream.WriteAsync(c0c1.WrittenMemory);
        var s0s1s2 = new byte[1 + 1536 * 2];
        await _stream.ReadExactlyAsync(s0s1s2).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        if (!ReadS0S1S2(handshake, s0s1s2))
            throw new InvalidOperationException("incomplete S0S1S2");
        var c2 = new ArrayBufferWriter<byte>();
        handshake.WriteC2(c2);
        await _stream.WriteAsync(c2.WrittenMemory);
    }

    private static bool ReadS0S1S2(RtmpClientHandshake handshake, byte[] data)
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(data));
        return handshake.TryReadS0S1S2(ref reader);
    }

    public async Task SendAsync(ReadOnlyMemory<byte> bytes) => await _stream.WriteAsync(bytes);

    /// <summary>Sends one message through the chunk writer.</summary>
    public Task SendMessageAsync(int chunkStreamId, byte typeId, uint streamId, ReadOnlySpan<byte> payload)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Chunks.Write(buffer, chunkStreamId, typeId, 0, streamId, payload);
        return SendAsync(buffer.WrittenMemory);
    }

    /// <summary>connect, createStream and play, as a Flash-era player sends them; reads none of the answers.</summary>
    public async Task PlayAsync(int port, string app, string name)
    {
        await SendCommandAsync(0, "connect", AmfValue.Object(new AmfObject()
            .Set("app", app).Set("type", "nonprivate").Set("flashVer", "LNX 9,0,124,2").Set("tcUrl", $"rtmp://127.0.0.1:{port}/{app}")));
        await SendCommandAsync(0, "createStream", AmfValue.Null);
        await SendCommandAsync(1, "play", AmfValue.Null, name);
    }

    private Task SendCommandAsync(uint streamId, string command, AmfValue commandObject, params AmfValue[] arguments)
    {
        var body = new ArrayBufferWriter<byte>();
        RtmpCommand.Write(body, command, _nextTransaction++, commandObject, arguments);
        return SendMessageAsync(RtmpChunkStreamId.Command, RtmpMessageType.CommandAmf0, streamId, body.WrittenSpan);
    }

    /// <summary>
    /// True when the server hangs up within <paramref name="timeout"/> (FIN or RST), reading and
    /// discarding whatever it sends before that.
    /// </summary>
    public async Task<bool> WaitForServerCloseAsync(TimeSpan timeout) => (await DrainUntilServerCloseAsync(timeout)).HungUp;

    /// <summary>Like <see cref="WaitForServerCloseAsync"/>, also counting the bytes read before the hang-up.</summary>
    public async Task<(bool HungUp, long Drained)> DrainUntilServerCloseAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[64 * 1024];
        long drained = 0;
        try
        {
            while (true)
            {
                var read = await _stream.ReadAsync(buffer, cts.Token);
                if (read == 0)
                    return (true, drained);
                drained += read;
            }
        }
        catch (OperationCanceledException)
        {
            return (false, drained);
        }
        catch (IOException)
        {
            return (true, drained);
        }
    }

    public ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }
}
