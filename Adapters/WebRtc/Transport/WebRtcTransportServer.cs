using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using InteropGateway.Adapters.WebRtc.Dtls;
using InteropGateway.Adapters.WebRtc.Ice;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace InteropGateway.Adapters.WebRtc.Transport;

/// <summary>
/// The WebRTC media port: one UDP socket (and one passive ICE-TCP listener) shared by every session.
/// Datagrams are told apart by first byte (RFC 7983); STUN goes to the session its USERNAME's local
/// ufrag names, DTLS and SRTP to the session that owns the source address (learned from a valid check).
/// Anything else is counted and dropped; a bad packet never touches another session.
/// </summary>
public sealed class WebRtcTransportServer : IHostedService, IAsyncDisposable
{
    private readonly WebRtcTransportOptions _options;
    private readonly ILogger _logger;
    private readonly ILoggerFactory _loggers;
    private readonly ConcurrentDictionary<string, PeerTransport> _byUfrag = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PeerTransport>.AlternateLookup<ReadOnlySpan<char>> _byUfragSpan;
    private readonly ConcurrentDictionary<SocketAddress, UdpPath> _udpPaths = new();
    private readonly ConcurrentDictionary<IcePath, PeerTransport> _owners = new();
    private readonly CancellationTokenSource _stopping = new();
    private Socket? _udp;
    private IceTcpListener? _tcp;
    private Task? _receiveLoop;
    private Timer? _consentTimer;

    public WebRtcTransportServer(IOptions<WebRtcTransportOptions> options, ILoggerFactory? loggers = null,
        DtlsCertificate? certificate = null, TimeProvider? time = null)
    {
        _options = options.Value;
        _loggers = loggers ?? NullLoggerFactory.Instance;
        _logger = _loggers.CreateLogger("InteropGateway.WebRtc.Transport");
        Certificate = certificate ?? DtlsCertificate.Generate();
        Time = time ?? TimeProvider.System;
        Handshakes = new DtlsHandshakeLimiter(_options.MaxConcurrentDtlsHandshakes, _logger);
        _byUfragSpan = _byUfrag.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The process-wide DTLS certificate; its fingerprint goes into every SDP answer.</summary>
    public DtlsCertificate Certificate { get; }

    public WebRtcTransportCounters Counters { get; } = new();

    /// <summary>The bound on DTLS handshake threads all sessions share.</summary>
    public DtlsHandshakeLimiter Handshakes { get; }

    internal TimeProvider Time { get; }

    public IPEndPoint? LocalUdpEndPoint => _udp?.LocalEndPoint as IPEndPoint;

    public IPEndPoint? LocalTcpEndPoint => _tcp?.LocalEndPoint;

    public int SessionCount => _byUfrag.Count;

    internal bool IsStopping => _stopping.IsCancellationRequested;

    /// <summary>Cancelled when the server stops; connections it did not accept itself close on it.</summary>
    internal CancellationToken StoppingToken => _stopping.Token;

    /// <summary>Creates the transport of a new session and registers its ufrag; ICE checks for it are answered from now on.</summary>
    public PeerTransport CreatePeer(PeerTransportParameters parameters)
    {
        if (_stopping.IsCancellationRequested)
            throw new InvalidOperationException("The WebRTC transport server is stopping.");
        var peer = new PeerTransport(this, parameters, Certificate, _options, _logger);
        if (!_byUfrag.TryAdd(peer.LocalUfrag, peer))
        {
            peer.Dispose();
            throw new InvalidOperationException($"ICE ufrag '{peer.LocalUfrag}' is already in use.");
        }
        // A refused handshake may have closed the peer before it was registered: Forget ran too early.
        if (peer.IsClosed)
            Forget(peer);
        return peer;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var bind = IPAddress.Parse(_options.BindAddress);
        _udp = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        if (bind.AddressFamily == AddressFamily.InterNetworkV6)
            _udp.DualMode = true;
        try
        {
            _udp.ReceiveBufferSize = _options.UdpReceiveBufferBytes;
        }
        catch (SocketException)
        {
            // The kernel may cap it (net.core.rmem_max); the default still works.
        }
        _udp.Bind(new IPEndPoint(bind, _options.UdpPort));
        _receiveLoop = Task.Run(ReceiveLoopAsync, CancellationToken.None);

        if (_options.EnableIceTcp)
        {
            _tcp = new IceTcpListener(this, new IPEndPoint(bind, _options.TcpPort), _options, _logger);
            _tcp.Start();
        }
        _consentTimer = new Timer(static state => ((WebRtcTransportServer)state!).CheckConsent(), this,
            _options.ConsentCheckInterval, _options.ConsentCheckInterval);
        _logger.LogInformation("WebRTC media on udp {Udp}{Tcp}, certificate {Fingerprint}", LocalUdpEndPoint,
            _tcp is null ? "" : " and ICE-TCP " + LocalTcpEndPoint, Certificate.Fingerprint);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping.IsCancellationRequested)
            return;
        _stopping.Cancel();
        _consentTimer?.Dispose();
        foreach (var peer in _byUfrag.Values)
            peer.Close(PeerTransportCloseReason.ServerStopped, "WebRTC transport server stopping");
        _udp?.Dispose();
        if (_tcp is not null)
            await _tcp.StopAsync();
        if (_receiveLoop is not null)
            await _receiveLoop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    private async Task ReceiveLoopAsync()
    {
        // One buffer for the life of the loop: SRTP is decrypted in place here and handed on as a span.
        var buffer = GC.AllocateArray<byte>(65536, pinned: true);
        var from = new SocketAddress(_udp!.AddressFamily);
        while (!_stopping.IsCancellationRequested)
        {
            int received;
            try
            {
                received = await _udp.ReceiveFromAsync(buffer, SocketFlags.None, from, _stopping.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException e)
            {
                // e.g. ICMP port unreachable reported on the next receive: only that datagram is lost.
                _logger.LogDebug("WebRTC udp receive: {Error}", e.SocketErrorCode);
                continue;
            }
            try
            {
                DispatchUdp(buffer.AsSpan(0, received), from);
            }
            catch (Exception e)
            {
                // A bug handling one datagram must not stop the port for every other session.
                _logger.LogWarning(e, "WebRTC udp datagram from {Remote} failed", from);
            }
        }
    }

    private void DispatchUdp(Span<byte> datagram, SocketAddress from)
    {
        Counters.Increment(ref Counters.Datagrams);
        var kind = PacketClassifier.Classify(datagram);
        if (kind == PacketKind.Stun)
        {
            // Any existing path for this address is reused; a new one is made only if the check is valid.
            _udpPaths.TryGetValue(from, out var known);
            HandleStun(datagram, known, () => new UdpPath(_udp!, from, Counters));
            return;
        }
        if (kind == PacketKind.Unknown)
        {
            Counters.Increment(ref Counters.Garbage);
            return;
        }
        if (!_udpPaths.TryGetValue(from, out var path) || !_owners.TryGetValue(path, out var peer))
        {
            Counters.Increment(ref Counters.UnknownAddress);
            return;
        }
        Deliver(peer, datagram, kind, path);
    }

    /// <summary>Routes a STUN message by USERNAME; used by the UDP loop and every ICE-TCP connection.</summary>
    /// <returns>The session that validated the check on this path, or null.</returns>
    internal PeerTransport? HandleStun(ReadOnlySpan<byte> datagram, IcePath? knownPath, Func<IcePath> newPath)
    {
        if (!StunMessage.TryParse(datagram, out var message))
        {
            Counters.Increment(ref Counters.Garbage);
            return null;
        }
        if (message.Type != StunMessageType.BindingRequest)
            return null; // an ICE-lite agent sends no requests, so it expects no responses; indications need nothing
        var peer = FindByUfrag(IceLiteResponder.LocalUfragOf(message.Username));
        if (peer is null)
        {
            Counters.Increment(ref Counters.UnknownUfrag);
            return null;
        }
        var path = knownPath is not null && _owners.TryGetValue(knownPath, out var owner) && ReferenceEquals(owner, peer)
            ? knownPath
            : newPath();
        return peer.OnStun(message, path) ? peer : null;
    }

    internal void Deliver(PeerTransport peer, Span<byte> datagram, PacketKind kind, IcePath path)
    {
        if (kind == PacketKind.Dtls)
            peer.OnDtls(datagram, path);
        else if (kind is PacketKind.Rtp or PacketKind.Rtcp)
            peer.OnSrtp(datagram, kind, path);
        else
            Counters.Increment(ref Counters.Garbage);
    }

    /// <summary>A valid check proved this path for the peer; later DTLS/SRTP from it goes to the peer.</summary>
    internal void Bind(IcePath path, PeerTransport peer)
    {
        if (peer.IsClosed)
            return;
        _owners[path] = peer;
        if (path is UdpPath udp)
        {
            var previous = _udpPaths.GetOrAdd(udp.Address, udp);
            if (!ReferenceEquals(previous, udp))
            {
                // The address moved to another session (a new session from the same browser port): re-point it.
                _owners.TryRemove(previous, out _);
                _udpPaths[udp.Address] = udp;
            }
        }
    }

    /// <summary>A path that can carry nothing more (its ICE-TCP connection closed).</summary>
    internal void Unbind(IcePath path) => _owners.TryRemove(path, out _);

    internal PeerTransport? OwnerOf(IcePath path) => _owners.TryGetValue(path, out var peer) ? peer : null;

    internal void Forget(PeerTransport peer)
    {
        _byUfrag.TryRemove(new KeyValuePair<string, PeerTransport>(peer.LocalUfrag, peer));
        foreach (var path in peer.PathsSnapshot())
        {
            if (!_owners.TryRemove(new KeyValuePair<IcePath, PeerTransport>(path, peer)))
                continue;
            if (path is UdpPath udp)
                _udpPaths.TryRemove(new KeyValuePair<SocketAddress, UdpPath>(udp.Address, udp));
            else if (path is TcpPath tcp)
                tcp.Connection.Close();
        }
    }

    private PeerTransport? FindByUfrag(ReadOnlySpan<byte> ufrag)
    {
        if (ufrag.IsEmpty || ufrag.Length > 256)
            return null;
        Span<char> chars = stackalloc char[ufrag.Length];
        if (!Encoding.UTF8.TryGetChars(ufrag, chars, out var count))
            return null;
        return _byUfragSpan.TryGetValue(chars[..count], out var peer) ? peer : null;
    }

    private void CheckConsent()
    {
        foreach (var peer in _byUfrag.Values)
        {
            try
            {
                peer.CheckConsent();
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "WebRTC consent check of {Ufrag} failed", peer.LocalUfrag);
            }
        }
    }

    internal ILogger CreateLogger(string category) => _loggers.CreateLogger(category);
}
