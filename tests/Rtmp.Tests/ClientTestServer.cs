using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using InteropGateway.Adapters.Rtmp.Protocol;

namespace InteropGateway.Tests.Rtmp;

/// <summary>
/// A one-connection RTMP server for client tests: real handshake and chunk stream, and a script that
/// decides how each command is answered. Everything it received is kept for assertions.
/// </summary>
internal sealed class ClientTestServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<RtmpCommand, ClientTestServer, Task> _script;
    private readonly CancellationTokenSource _stop = new(TimeSpan.FromSeconds(20));
    private readonly ChunkWriter _chunks = new();
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly Task _serving;
    private Socket? _socket;
    private PipeWriter? _output;

    public ClientTestServer(Func<RtmpCommand, ClientTestServer, Task> script, bool handshake = true)
    {
        _script = script;
        _listener.Start();
        _serving = ServeAsync(handshake);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    public List<RtmpCommand> Commands { get; } = [];
    public List<(byte Type, uint Timestamp, byte[] Payload)> Media { get; } = [];
    public List<UserControlEvent> UserControl { get; } = [];
    /// <summary>Completes when the client hangs up (or the server is disposed).</summary>
    public Task Serving => _serving;

    public static Task Result(RtmpCommand command, ClientTestServer server, params AmfValue[] values) =>
        server.SendCommandAsync(0, "_result", command.TransactionId, AmfValue.Null, values);

    public static Task Status(ClientTestServer server, string level, string code, string description) =>
        server.SendCommandAsync(1, "onStatus", 0, AmfValue.Null, AmfValue.Object(new AmfObject()
            .Set("level", level).Set("code", code).Set("description", description)));

    /// <summary>Answers connect, createStream (id 1), publish and play the way nginx-rtmp does.</summary>
    public static async Task Accepting(RtmpCommand command, ClientTestServer server)
    {
        switch (command.Name)
        {
            case "connect":
                await Result(command, server, AmfValue.Object(new AmfObject().Set("fmsVer", "FMS/3,0,1,123")),
                    AmfValue.Object(new AmfObject().Set("level", "status").Set("code", "NetConnection.Connect.Success")));
                break;
            case "createStream":
                await Result(command, server, 1.0);
                break;
            case "publish":
                await Status(server, "status", "NetStream.Publish.Start", "Start publishing");
                break;
            case "play":
                await Status(server, "status", "NetStream.Play.Reset", "Playing and resetting");
                await Status(server, "status", "NetStream.Play.Start", "Start live");
                break;
        }
    }

    public Task SendCommandAsync(uint streamId, string name, double transaction, AmfValue commandObject, params AmfValue[] arguments)
    {
        var body = new ArrayBufferWriter<byte>();
        RtmpCommand.Write(body, name, transaction, commandObject, arguments);
        return SendAsync(RtmpChunkStreamId.Command, RtmpMessageType.CommandAmf0, 0, streamId, body.WrittenMemory.ToArray());
    }

    public async Task SendAsync(int chunkStream, byte type, uint timestamp, uint streamId, byte[] payload)
    {
        await _writeGate.WaitAsync();
        try
        {
            _chunks.Write(_output!, chunkStream, type, timestamp, streamId, payload);
            await _output!.FlushAsync();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Hangs up at once.</summary>
    public void Drop() => _socket?.Close();

    private async Task ServeAsync(bool handshake)
    {
        try
        {
            _socket = await _listener.AcceptSocketAsync(_stop.Token);
            var stream = new NetworkStream(_socket, ownsSocket: true);
            var input = PipeReader.Create(stream);
            _output = PipeWriter.Create(stream);
            if (!handshake)
            {
                await Task.Delay(Timeout.Infinite, _stop.Token);
                return;
            }
            var rtmpHandshake = new RtmpHandshake();
            await ReadAsync(input, (ref SequenceReader<byte> r) => rtmpHandshake.TryReadC0C1(ref r));
            rtmpHandshake.WriteS0S1S2(_output);
            await _output.FlushAsync();
            await ReadAsync(input, (ref SequenceReader<byte> r) => rtmpHandshake.TrySkipC2(ref r));
            using var chunks = new ChunkReader();
            while (true)
            {
                var result = await input.ReadAsync(_stop.Token);
                var reader = new SequenceReader<byte>(result.Buffer);
                var messages = new List<RtmpMessage>();
                while (chunks.TryRead(ref reader, out var message))
                {
                    if (message.TypeId == RtmpMessageType.SetChunkSize)
                        chunks.ApplySetChunkSize(ProtocolControlMessages.ParseSetChunkSize(message.Span));
                    messages.Add(message);
                }
                input.AdvanceTo(reader.Position, result.Buffer.End);
                foreach (var message in messages)
                {
                    using (message)
                        await HandleAsync(message);
                }
                if (result.IsCompleted)
                    return;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task HandleAsync(RtmpMessage message)
    {
        switch (message.TypeId)
        {
            case RtmpMessageType.CommandAmf0:
                var command = RtmpCommand.Parse(message);
                lock (Commands) Commands.Add(command);
                await _script(command, this);
                break;
            case RtmpMessageType.Audio:
            case RtmpMessageType.Video:
                lock (Media) Media.Add((message.TypeId, message.Timestamp, message.Span.ToArray()));
                break;
            case RtmpMessageType.UserControl:
                lock (UserControl) UserControl.Add(UserControlEvent.Parse(message.Span));
                break;
        }
    }

    private delegate bool Step(ref SequenceReader<byte> reader);

    private async Task ReadAsync(PipeReader input, Step step)
    {
        while (true)
        {
            var result = await input.ReadAsync(_stop.Token);
            var reader = new SequenceReader<byte>(result.Buffer);
            if (step(ref reader))
            {
                input.AdvanceTo(reader.Position);
                return;
            }
            if (result.IsCompleted)
                throw new IOException("client left during the handshake");
            input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        _socket?.Dispose();
        await _serving;
    }
}
