using InteropGateway.Adapters.WebRtc.Native;
using Org.BouncyCastle.Crypto.Tls;
using Org.BouncyCastle.Security;

namespace InteropGateway.Adapters.WebRtc.Dtls;

/// <summary>
/// One DTLS-SRTP association (RFC 5764) over an already chosen ICE path. BouncyCastle's DTLS is blocking,
/// so the handshake runs on its own thread, bounded by a timeout
/// (and, across the server, by a <see cref="DtlsHandshakeLimiter"/>); afterwards no thread is parked: records
/// that still arrive (a retransmitted final flight, alerts, close_notify) are drained on the thread pool.
/// A failure ends only this association and says why.
/// </summary>
public sealed class DtlsEndpoint : IDisposable
{
    private const int PollMillis = 1;

    private readonly DtlsRole _role;
    private readonly DtlsCertificate _certificate;
    private readonly DtlsFingerprint _remoteFingerprint;
    private readonly IReadOnlyList<SrtpProfile> _profiles;
    private readonly QueuedDatagramTransport _transport;
    private readonly DtlsHandshakeLimiter? _limiter;
    private readonly TaskCompletionSource<SrtpKeyingMaterial> _handshake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _dtlsGate = new();
    private DtlsTransport? _dtls;
    private int _started;
    private int _draining;
    private int _closed;
    private volatile bool _closedByProtocol;

    /// <param name="send">Sends one DTLS datagram on the current path; called from BouncyCastle's thread.</param>
    /// <param name="limiter">Shared bound on handshake threads; null for none.</param>
    public DtlsEndpoint(DtlsRole role, DtlsCertificate certificate, DtlsFingerprint remoteFingerprint,
        Action<byte[], int, int> send, IReadOnlyList<SrtpProfile>? profiles = null, DtlsHandshakeLimiter? limiter = null)
    {
        _limiter = limiter;
        _role = role;
        _certificate = certificate;
        _remoteFingerprint = remoteFingerprint;
        _profiles = profiles ?? DtlsSrtpPolicy.Profiles;
        _transport = new QueuedDatagramTransport(send);
        // BouncyCastle closes the transport both on close_notify and on failure; Drain tells them apart.
        _transport.ClosedByProtocol += () => _closedByProtocol = true;
    }

    public DtlsRole Role => _role;

    /// <summary>Completes with the SRTP keys when the handshake succeeds; faults with a <see cref="DtlsFailedException"/>.</summary>
    public Task<SrtpKeyingMaterial> Handshake => _handshake.Task;

    /// <summary>Raised once when an established association ends (close_notify, fatal alert); not raised for <see cref="Dispose"/>.</summary>
    public event Action<string>? Closed;

    public long DroppedDatagrams => _transport.DroppedCount;

    /// <summary>Starts the handshake thread; a server waits for the ClientHello, a client sends it at once.</summary>
    public void Start(TimeSpan timeout)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
            return;
        if (_limiter is { } limiter && !limiter.TryEnter())
        {
            Close($"refused: {limiter.MaxConcurrent} DTLS handshakes already in progress");
            return;
        }
        var thread = new Thread(() => RunHandshakeWithinLimit(timeout))
        {
            IsBackground = true,
            Name = "dtls-handshake",
        };
        thread.Start();
    }

    /// <summary>Hands one DTLS datagram from the path to the association. Never blocks the receive loop.</summary>
    public void OnDatagram(ReadOnlySpan<byte> datagram)
    {
        if (Volatile.Read(ref _closed) != 0 || !_transport.TryEnqueue(datagram))
            return;
        if (_dtls is not null && Interlocked.CompareExchange(ref _draining, 1, 0) == 0)
            ThreadPool.UnsafeQueueUserWorkItem(static endpoint => endpoint.Drain(), this, preferLocal: false);
    }

    public void Dispose() => Close(null);

    private void RunHandshakeWithinLimit(TimeSpan timeout)
    {
        try
        {
            RunHandshake(timeout);
        }
        finally
        {
            _limiter?.Exit();
        }
    }

    private void RunHandshake(TimeSpan timeout)
    {
        using var deadline = new Timer(static state =>
            ((QueuedDatagramTransport)state!).Abort("DTLS handshake timed out"), _transport, timeout, Timeout.InfiniteTimeSpan);
        string? reason = null;
        SrtpKeyingMaterial? keys = null;
        try
        {
            var random = new SecureRandom();
            if (_role == DtlsRole.Server)
            {
                var server = new DtlsSrtpServer(_certificate, _remoteFingerprint, _profiles);
                try
                {
                    _dtls = new DtlsServerProtocol(random).Accept(server, _transport);
                    keys = server.Keys;
                }
                catch (Exception e)
                {
                    reason = _transport.AbortReason ?? server.FailureReason ?? Describe(e);
                }
            }
            else
            {
                var client = new DtlsSrtpClient(_certificate, _remoteFingerprint, _profiles);
                try
                {
                    _dtls = new DtlsClientProtocol(random).Connect(client, _transport);
                    keys = client.Keys;
                }
                catch (Exception e)
                {
                    reason = _transport.AbortReason ?? client.FailureReason ?? Describe(e);
                }
            }
        }
        catch (Exception e)
        {
            reason ??= Describe(e);
        }
        deadline.Dispose();

        if (keys is not null && Volatile.Read(ref _closed) == 0)
        {
            _handshake.TrySetResult(keys);
            // Records queued while the handshake finished (e.g. a repeated Finished) still need processing.
            if (_transport.QueuedCount > 0 && Interlocked.CompareExchange(ref _draining, 1, 0) == 0)
                ThreadPool.UnsafeQueueUserWorkItem(static endpoint => endpoint.Drain(), this, preferLocal: false);
        }
        else
        {
            _handshake.TrySetException(new DtlsFailedException("DTLS handshake failed: " + (reason ?? "closed before completion")));
            Interlocked.Exchange(ref _closed, 1);
            _transport.Abort(reason ?? "closed");
        }
    }

    /// <summary>
    /// Polls BouncyCastle with a 1 ms wait until the queue is empty: it answers retransmitted flights and
    /// turns alerts/close_notify into <see cref="Closed"/>. Application data is not used by WebRTC media.
    /// </summary>
    private void Drain()
    {
        var buffer = new byte[2048];
        try
        {
            while (true)
            {
                int received;
                lock (_dtlsGate)
                {
                    if (Volatile.Read(ref _closed) != 0 || _dtls is null)
                        return;
                    // Not 0: BouncyCastle reads a zero wait as "wait forever" and would spin on our empty queue.
                    received = _dtls.Receive(buffer, 0, buffer.Length, PollMillis);
                }
                if (_closedByProtocol)
                {
                    Close("DTLS closed by peer (close_notify)");
                    return;
                }
                if (received >= 0)
                    continue;
                Volatile.Write(ref _draining, 0);
                // A datagram queued between the empty poll and the flag reset would otherwise wait for the next one.
                if (_transport.QueuedCount == 0 || Interlocked.CompareExchange(ref _draining, 1, 0) != 0)
                    return;
            }
        }
        catch (Exception e)
        {
            Volatile.Write(ref _draining, 0);
            Close("DTLS failed: " + Describe(e));
        }
    }

    private void Close(string? reason)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
            return;
        if (reason is null && _dtls is not null)
        {
            lock (_dtlsGate)
            {
                try
                {
                    // We are ending an established association: tell the peer with close_notify.
                    _dtls.Close();
                }
                catch (Exception)
                {
                    // The path may already be gone; nothing more to tell the peer.
                }
            }
        }
        // Wakes a handshake still blocked in Receive.
        _transport.Abort(reason ?? "disposed");
        _handshake.TrySetException(new DtlsFailedException("DTLS handshake failed: " + (reason ?? "disposed")));
        if (reason is not null && _handshake.Task.IsCompletedSuccessfully)
            Closed?.Invoke(reason);
    }

    private static string Describe(Exception e) => e switch
    {
        TlsFatalAlertReceived received => "peer sent fatal alert " + AlertDescription.GetText(received.AlertDescription),
        TlsFatalAlert alert => "fatal alert " + AlertDescription.GetText(alert.AlertDescription)
            + (alert.InnerException is { } inner ? " (" + inner.Message + ")" : ""),
        _ => e.Message,
    };
}

/// <summary>The DTLS handshake of one session failed; the message says why.</summary>
public sealed class DtlsFailedException(string message) : Exception(message);
