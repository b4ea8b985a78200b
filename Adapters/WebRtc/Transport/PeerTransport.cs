using System.Net;
using InteropGateway.Adapters.WebRtc.Dtls;
using InteropGateway.Adapters.WebRtc.Ice;
using InteropGateway.Adapters.WebRtc.Native;
using Microsoft.Extensions.Logging;

namespace InteropGateway.Adapters.WebRtc.Transport;

/// <summary>A decrypted RTP or RTCP packet. The span is only valid during the call: copy what you keep.</summary>
public delegate void PacketReceivedHandler(ReadOnlySpan<byte> packet);

/// <summary>
/// The secure media transport of one WebRTC session on the shared port: ICE-lite answers, DTLS-SRTP
/// handshake, then SRTP in and out on the path the browser nominated. Created by
/// <see cref="WebRtcTransportServer.CreatePeer"/>; the SDP layer reads the local ICE credentials and
/// fingerprint from it, media code sends with <see cref="SendRtp"/> and listens to <see cref="RtpReceived"/>.
/// </summary>
public sealed class PeerTransport : IDisposable
{
    /// <summary>Largest RTP/RTCP packet <see cref="SendRtp"/> accepts (before the SRTP trailer).</summary>
    public const int MaxPacketLength = 2048;

    private readonly WebRtcTransportServer _server;
    private readonly IceLiteResponder _responder;
    private readonly DtlsCertificate _certificate;
    private readonly DtlsEndpoint _dtls;
    private readonly TimeSpan _handshakeTimeout;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<PeerTransportClosure> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _pathGate = new();
    private readonly List<IcePath> _paths = [];
    private readonly Lock _sendGate = new();
    private readonly byte[] _sendBuffer = new byte[MaxPacketLength + 32];
    private volatile IcePath? _selectedPath;
    private IcePath? _nominatedPath;
    private SrtpSession? _outbound;
    private SrtpSession? _inbound;
    private int _closedFlag;

    private long _rtpSent, _rtcpSent, _rtpReceived, _rtcpReceived, _unprotectFailures, _sendDrops;

    internal PeerTransport(WebRtcTransportServer server, PeerTransportParameters parameters, DtlsCertificate certificate,
        WebRtcTransportOptions options, ILogger logger)
    {
        _server = server;
        _certificate = certificate;
        _logger = logger;
        _handshakeTimeout = options.DtlsHandshakeTimeout;
        Role = parameters.Role;
        _responder = new IceLiteResponder(parameters.LocalCredentials ?? IceCredentials.Generate(), parameters.RemoteUfrag,
            options.ConsentTimeout, server.Time);
        _dtls = new DtlsEndpoint(parameters.Role, certificate, parameters.RemoteFingerprint, SendDtls, limiter: server.Handshakes);
        _dtls.Closed += reason => Close(reason.Contains("close_notify") ? PeerTransportCloseReason.ClosedByPeer : PeerTransportCloseReason.DtlsFailed, reason);
        _ = _dtls.Handshake.ContinueWith(OnHandshakeDone, this, CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        // A server just waits for the ClientHello; a client needs a proven path first (see OnValidCheck).
        if (Role == DtlsRole.Server)
            _dtls.Start(_handshakeTimeout);
    }

    public string LocalUfrag => _responder.Local.Ufrag;

    public string LocalPassword => _responder.Local.Password;

    /// <summary>Our certificate fingerprint for a=fingerprint, e.g. "sha-256 AB:CD:...".</summary>
    public string LocalFingerprint => _certificate.Fingerprint.ToString();

    public DtlsRole Role { get; }

    /// <summary>Our a=setup value: "passive" when we are the DTLS server, "active" when the client.</summary>
    public string LocalSetup => Role.LocalSetup();

    /// <summary>Completes when DTLS is done and SRTP keys are installed; faults (with the reason) if the session closes first.</summary>
    public Task Connected => _connected.Task;

    /// <summary>Completes once, with the reason, when the transport ends for any reason.</summary>
    public Task<PeerTransportClosure> Closed => _closed.Task;

    public bool IsConnected => _connected.Task.IsCompletedSuccessfully && Volatile.Read(ref _closedFlag) == 0;

    public SrtpProfile? SrtpProfile => _outbound?.Profile;

    /// <summary>Where media goes: the nominated path, or the latest proven one until the browser nominates.</summary>
    public IcePath? SelectedPath => _selectedPath;

    public IPEndPoint? RemoteEndPoint => _selectedPath?.RemoteEndPoint;

    /// <summary>Raised on the receive loop for every authenticated, decrypted RTP packet. Must not block.</summary>
    public event PacketReceivedHandler? RtpReceived;

    /// <summary>Raised on the receive loop for every authenticated, decrypted RTCP compound packet. Must not block.</summary>
    public event PacketReceivedHandler? RtcpReceived;

    public PeerTransportStats Stats => new(
        Interlocked.Read(ref _rtpSent), Interlocked.Read(ref _rtcpSent),
        Interlocked.Read(ref _rtpReceived), Interlocked.Read(ref _rtcpReceived),
        Interlocked.Read(ref _unprotectFailures), Interlocked.Read(ref _sendDrops),
        _responder.BadIntegrityCount + _responder.WrongUsernameCount);

    /// <summary>For a remote ufrag learned after creation (an answer arriving later than our offer).</summary>
    public void SetRemoteUfrag(string remoteUfrag) => _responder.SetRemoteUfrag(remoteUfrag);

    /// <summary>
    /// Protects one RTP packet and sends it on the selected path. The packet is copied into a per-session
    /// buffer first, so the caller's bytes stay plain (a NACK cache can keep them). False when not
    /// connected yet, closed, or the packet could not be sent.
    /// </summary>
    public bool SendRtp(ReadOnlySpan<byte> rtpPacket) => SendProtected(rtpPacket, rtcp: false);

    /// <summary>Protects one RTCP compound packet and sends it on the selected path; see <see cref="SendRtp"/>.</summary>
    public bool SendRtcp(ReadOnlySpan<byte> rtcpPacket) => SendProtected(rtcpPacket, rtcp: true);

    public void Dispose() => Close(PeerTransportCloseReason.Disposed, "disposed by owner");

    private bool SendProtected(ReadOnlySpan<byte> packet, bool rtcp)
    {
        var outbound = _outbound;
        var path = _selectedPath;
        if (outbound is null || path is null || Volatile.Read(ref _closedFlag) != 0 || packet.Length > MaxPacketLength)
        {
            Interlocked.Increment(ref _sendDrops);
            return false;
        }
        lock (_sendGate)
        {
            packet.CopyTo(_sendBuffer);
            SrtpStatus status;
            int length;
            try
            {
                status = rtcp
                    ? outbound.ProtectRtcp(_sendBuffer, packet.Length, out length)
                    : outbound.ProtectRtp(_sendBuffer, packet.Length, out length);
            }
            catch (ObjectDisposedException)
            {
                return false; // closed concurrently
            }
            if (status != SrtpStatus.Ok || !path.Send(_sendBuffer.AsSpan(0, length)))
            {
                Interlocked.Increment(ref _sendDrops);
                return false;
            }
        }
        Interlocked.Increment(ref rtcp ? ref _rtcpSent : ref _rtpSent);
        return true;
    }

    internal IceLiteResponder Responder => _responder;

    internal bool IsClosed => Volatile.Read(ref _closedFlag) != 0;

    /// <summary>A STUN message already routed here by its USERNAME. Returns true when the check was valid.</summary>
    internal bool OnStun(in StunMessage message, IcePath path)
    {
        Span<byte> response = stackalloc byte[256];
        var outcome = _responder.Handle(message, path.RemoteEndPoint, response, out var length);
        switch (outcome)
        {
            case IceCheckOutcome.Answered:
            case IceCheckOutcome.AnsweredAndNominated:
                path.Send(response[..length]);
                OnValidCheck(path, outcome == IceCheckOutcome.AnsweredAndNominated);
                return true;
            case IceCheckOutcome.IgnoredBadIntegrity:
            case IceCheckOutcome.IgnoredWrongUsername:
                _server.Counters.Increment(ref _server.Counters.RejectedChecks);
                _logger.LogDebug("ICE {Ufrag}: ignored STUN check from {Remote}: {Outcome}", LocalUfrag, path.RemoteEndPoint, outcome);
                return false;
            default:
                return false;
        }
    }

    internal void OnDtls(ReadOnlySpan<byte> datagram, IcePath path)
    {
        PreferPath(path);
        _dtls.OnDatagram(datagram);
    }

    /// <summary>Unprotects in place (the span is the receive loop's buffer) and hands the plain packet on.</summary>
    internal void OnSrtp(Span<byte> datagram, PacketKind kind, IcePath path)
    {
        var inbound = _inbound;
        if (inbound is null)
            return; // media before our keys are in: the browser's SRTP can race our last DTLS flight
        SrtpStatus status;
        int length;
        try
        {
            status = kind == PacketKind.Rtcp
                ? inbound.UnprotectRtcp(datagram, out length)
                : inbound.UnprotectRtp(datagram, out length);
        }
        catch (ObjectDisposedException)
        {
            return;
        }
        if (status != SrtpStatus.Ok)
        {
            Interlocked.Increment(ref _unprotectFailures);
            _server.Counters.Increment(ref _server.Counters.SrtpUnprotectFailures);
            return;
        }
        PreferPath(path);
        if (kind == PacketKind.Rtcp)
        {
            Interlocked.Increment(ref _rtcpReceived);
            RtcpReceived?.Invoke(datagram[..length]);
        }
        else
        {
            Interlocked.Increment(ref _rtpReceived);
            RtpReceived?.Invoke(datagram[..length]);
        }
    }

    internal void CheckConsent()
    {
        if (_responder.IsConsentExpired())
            Close(PeerTransportCloseReason.ConsentLost,
                $"no valid STUN check for {_responder.SinceLastValidCheck.TotalSeconds:0}s (consent timeout {_responder.ConsentTimeout.TotalSeconds:0}s)");
    }

    /// <summary>An ICE-TCP connection of this session closed: fall back to another proven path, or end.</summary>
    internal void OnPathClosed(IcePath path, string detail)
    {
        bool lastPath;
        lock (_pathGate)
        {
            _paths.Remove(path);
            if (ReferenceEquals(_nominatedPath, path))
                _nominatedPath = null;
            if (ReferenceEquals(_selectedPath, path))
                _selectedPath = _paths.Count > 0 ? _paths[^1] : null;
            lastPath = _paths.Count == 0;
        }
        if (lastPath)
            Close(PeerTransportCloseReason.ClosedByPeer, detail);
    }

    internal IReadOnlyList<IcePath> PathsSnapshot()
    {
        lock (_pathGate)
            return _paths.ToArray();
    }

    internal void Close(PeerTransportCloseReason reason, string detail)
    {
        if (Interlocked.Exchange(ref _closedFlag, 1) != 0)
            return;
        var closure = new PeerTransportClosure(reason, detail);
        if (reason is PeerTransportCloseReason.Disposed or PeerTransportCloseReason.ServerStopped)
            _logger.LogDebug("WebRTC transport {Ufrag} closed: {Closure}", LocalUfrag, closure);
        else
            _logger.LogInformation("WebRTC transport {Ufrag} closed: {Closure}", LocalUfrag, closure);

        _server.Forget(this);
        _dtls.Dispose();
        lock (_sendGate)
        {
            _outbound?.Dispose();
            _inbound?.Dispose();
        }
        _connected.TrySetException(new PeerTransportClosedException(closure));
        // Nobody has to await Connected: don't let an unobserved fault surface later.
        _ = _connected.Task.Exception;
        _closed.TrySetResult(closure);
    }

    private void OnValidCheck(IcePath path, bool nominated)
    {
        var firstPath = false;
        lock (_pathGate)
        {
            if (!_paths.Contains(path))
                _paths.Add(path);
            if (nominated)
                _nominatedPath = path;
            if (nominated || _nominatedPath is null)
            {
                firstPath = _selectedPath is null;
                _selectedPath = path;
            }
        }
        _server.Bind(path, this);
        if (firstPath)
        {
            _logger.LogDebug("ICE {Ufrag}: {Path} proven{Nominated}", LocalUfrag, path, nominated ? ", nominated" : "");
            if (Role == DtlsRole.Client)
                _dtls.Start(_handshakeTimeout);
        }
    }

    /// <summary>Until the browser nominates, answer on the path its DTLS/SRTP actually comes from.</summary>
    private void PreferPath(IcePath path)
    {
        if (ReferenceEquals(_selectedPath, path))
            return;
        lock (_pathGate)
        {
            if (_nominatedPath is null && _paths.Contains(path))
                _selectedPath = path;
        }
    }

    private void SendDtls(byte[] buffer, int offset, int length) => _selectedPath?.Send(buffer.AsSpan(offset, length));

    private static void OnHandshakeDone(Task<SrtpKeyingMaterial> handshake, object? state)
    {
        var self = (PeerTransport)state!;
        if (!handshake.IsCompletedSuccessfully)
        {
            var reason = handshake.Exception?.InnerException?.Message ?? "DTLS handshake failed";
            self.Close(PeerTransportCloseReason.DtlsFailed, reason);
            return;
        }
        var keys = handshake.Result;
        try
        {
            lock (self._sendGate)
            {
                if (self.IsClosed)
                    return;
                self._outbound = keys.CreateOutbound();
                self._inbound = keys.CreateInbound();
            }
        }
        catch (Exception e)
        {
            self.Close(PeerTransportCloseReason.DtlsFailed, "SRTP setup failed: " + e.Message);
            return;
        }
        self._logger.LogDebug("WebRTC transport {Ufrag}: DTLS done, SRTP {Profile} on {Path}", self.LocalUfrag, keys.Profile, self._selectedPath);
        self._connected.TrySetResult();
    }
}

/// <summary>Per-session counters.</summary>
public readonly record struct PeerTransportStats(
    long RtpSent, long RtcpSent, long RtpReceived, long RtcpReceived,
    long UnprotectFailures, long SendDrops, long RejectedChecks);

/// <summary>Thrown from <see cref="PeerTransport.Connected"/> when the transport closed before connecting.</summary>
public sealed class PeerTransportClosedException(PeerTransportClosure closure) : Exception("WebRTC transport closed: " + closure)
{
    public PeerTransportClosure Closure { get; } = closure;
}
