using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using InteropGateway.Adapters.WebRtc.Dtls;
using InteropGateway.Adapters.WebRtc.Ice;
using InteropGateway.Adapters.WebRtc.Native;
using InteropGateway.Adapters.WebRtc.Transport;

namespace InteropGateway.Tests.WebRtc;

/// <summary>
/// The browser side of a session, in process, on a loopback UDP socket: sends ICE checks like a
/// controlling full agent, runs a BouncyCastle DTLS client (our <see cref="DtlsEndpoint"/> in the client
/// role) and speaks SRTP with the exported keys. Over UDP by default, or over one ICE-TCP connection
/// with RFC 4571 framing: a TCP socket of its own, or streams someone else connected (in-memory pipes, TLS).
/// </summary>
internal sealed class FakeBrowser : IAsyncDisposable
{
    private readonly Socket? _socket;
    private readonly Stream? _sendStream;
    private readonly IPEndPoint? _gateway;
    private readonly bool _tcp;
    private readonly Lock _tcpSendGate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<byte[]>> _pendingChecks = new();
    private readonly Task _receiveLoop;
    private DtlsEndpoint? _dtls;
    private SrtpSession? _outbound;
    private SrtpSession? _inbound;

    public DtlsCertificate Certificate { get; } = DtlsCertificate.Generate("browser");
    public IceCredentials Ice { get; } = IceCredentials.Generate();
    public ConcurrentQueue<byte[]> ReceivedRtp { get; } = new();
    public ConcurrentQueue<byte[]> ReceivedRtcp { get; } = new();
    public int UnprotectFailures;

    public FakeBrowser(IPEndPoint gateway, bool tcp = false)
    {
        _gateway = gateway;
        _tcp = tcp;
        _socket = tcp
            ? new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        if (tcp)
            _socket.Connect(gateway);
        _receiveLoop = Task.Run(tcp ? () => TcpReceiveLoopAsync(new NetworkStream(_socket, ownsSocket: false)) : ReceiveLoopAsync);
    }

    /// <summary>ICE-TCP over streams already connected to the gateway: frames go out on one and come in on the other.</summary>
    public FakeBrowser(Stream send, Stream receive)
    {
        _tcp = true;
        _sendStream = send;
        _receiveLoop = Task.Run(() => TcpReceiveLoopAsync(receive));
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket!.LocalEndPoint!;

    public PeerTransportParameters Offer(DtlsRole gatewayRole = DtlsRole.Server) =>
        new(Ice.Ufrag, Certificate.Fingerprint, gatewayRole);

    /// <summary>Sends one Binding request and waits for the success response (null on timeout).</summary>
    public async Task<byte[]?> CheckAsync(string gatewayUfrag, string password, bool useCandidate = true, int timeoutMs = 2000)
    {
        var transactionId = Guid.NewGuid().ToByteArray()[..12];
        var pending = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pendingChecks[Convert.ToHexString(transactionId)] = pending;
        var request = IceLiteResponderTests.Check($"{gatewayUfrag}:{Ice.Ufrag}", password, useCandidate, transactionId);
        SendDatagram(request);
        var finished = await Task.WhenAny(pending.Task, Task.Delay(timeoutMs));
        return finished == pending.Task ? pending.Task.Result : null;
    }

    /// <summary>Runs the DTLS handshake as the client against the gateway's fingerprint, then installs SRTP.</summary>
    public async Task<SrtpKeyingMaterial> ConnectDtlsAsync(string gatewayFingerprint, DtlsRole role = DtlsRole.Client)
    {
        _dtls = new DtlsEndpoint(role, Certificate, DtlsFingerprint.Parse(gatewayFingerprint),
            (buffer, offset, length) => SendDatagram(buffer.AsSpan(offset, length)));
        _dtls.Start(TimeSpan.FromSeconds(10));
        var keys = await _dtls.Handshake.WaitAsync(TimeSpan.FromSeconds(15));
        _outbound = keys.CreateOutbound();
        _inbound = keys.CreateInbound();
        return keys;
    }

    public void SendRtp(byte[] plain) => SendProtected(plain, rtcp: false);

    public void SendRtcp(byte[] plain) => SendProtected(plain, rtcp: true);

    public void SendRaw(ReadOnlySpan<byte> datagram) => SendDatagram(datagram);

    private void SendDatagram(ReadOnlySpan<byte> datagram)
    {
        if (!_tcp)
        {
            _socket!.SendTo(datagram, SocketFlags.None, _gateway!);
            return;
        }
        var framed = new byte[datagram.Length + 2];
        framed[0] = (byte)(datagram.Length >> 8);
        framed[1] = (byte)datagram.Length;
        datagram.CopyTo(framed.AsSpan(2));
        lock (_tcpSendGate)
        {
            if (_sendStream is not null)
            {
                _sendStream.Write(framed);
                _sendStream.Flush();
            }
            else
            {
                _socket!.Send(framed);
            }
        }
    }

    private void SendProtected(byte[] plain, bool rtcp)
    {
        var buffer = new byte[plain.Length + 64];
        plain.CopyTo(buffer, 0);
        var status = rtcp ? _outbound!.ProtectRtcp(buffer, plain.Length, out var length) : _outbound!.ProtectRtp(buffer, plain.Length, out length);
        Assert.Equal(SrtpStatus.Ok, status);
        SendDatagram(buffer.AsSpan(0, length));
    }

    private async Task TcpReceiveLoopAsync(Stream stream)
    {
        var header = new byte[2];
        var buffer = new byte[65536];
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await stream.ReadExactlyAsync(header, _stop.Token);
                var length = (header[0] << 8) | header[1];
                await stream.ReadExactlyAsync(buffer.AsMemory(0, length), _stop.Token);
                Handle(buffer.AsSpan(0, length));
            }
        }
        catch (Exception)
        {
            // Closed by either side.
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[4096];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult result;
            try
            {
                result = await _socket!.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
            }
            catch (Exception)
            {
                return;
            }
            Handle(buffer.AsSpan(0, result.ReceivedBytes));
        }
    }

    private void Handle(Span<byte> datagram)
    {
        {
            switch (PacketClassifier.Classify(datagram))
            {
                case PacketKind.Stun:
                    if (StunMessage.TryParse(datagram, out var message)
                        && _pendingChecks.TryRemove(Convert.ToHexString(message.TransactionId), out var pending))
                        pending.TrySetResult(datagram.ToArray());
                    break;
                case PacketKind.Dtls:
                    _dtls?.OnDatagram(datagram);
                    break;
                case PacketKind.Rtp:
                    if (_inbound?.UnprotectRtp(datagram, out var rtpLength) == SrtpStatus.Ok)
                        ReceivedRtp.Enqueue(datagram[..rtpLength].ToArray());
                    else
                        Interlocked.Increment(ref UnprotectFailures);
                    break;
                case PacketKind.Rtcp:
                    if (_inbound?.UnprotectRtcp(datagram, out var rtcpLength) == SrtpStatus.Ok)
                        ReceivedRtcp.Enqueue(datagram[..rtcpLength].ToArray());
                    else
                        Interlocked.Increment(ref UnprotectFailures);
                    break;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _dtls?.Dispose();
        _stop.Cancel();
        _socket?.Dispose();
        _sendStream?.Dispose();
        await _receiveLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _outbound?.Dispose();
        _inbound?.Dispose();
    }

    public static async Task WaitUntilAsync(Func<bool> condition, int timeoutMs = 5000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
                throw new TimeoutException("condition not met in time");
            await Task.Delay(10);
        }
    }

    public static string Ufrag(string username) => username.Split(':')[0];

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
