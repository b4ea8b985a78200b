using System.Net;
using System.Runtime.InteropServices;
using System.Text;

namespace InteropGateway.Adapters.Udp.Native;

/// <summary>
/// One non-blocking SRT socket (listener, accepted or caller) registered with the
/// <see cref="SrtPoller"/>. Receive, send, accept and connect retry after the epoll thread reports
/// readiness, so nothing blocks a thread. <see cref="Dispose"/> (from any thread) closes the socket
/// and wakes every pending wait; <see cref="Closed"/> fires then or when the connection breaks.
/// </summary>
internal sealed class SrtSocket : IDisposable
{
    private readonly SrtSocketHandle _handle;
    private readonly SrtPoller _poller;
    private readonly ReadinessSignal _readable = new();
    private readonly ReadinessSignal _writable = new();
    private readonly CancellationTokenSource _closed = new();
    private int _broken;
    private int _disposed;

    private SrtSocket(int id, SrtPoller poller)
    {
        _handle = new SrtSocketHandle(id);
        _poller = poller;
        Id = id;
    }

    /// <summary>The SRTSOCKET id, for logs (and for the probe tests' raw calls).</summary>
    public int Id { get; }

    /// <summary>Fires when the socket is closed here or the connection broke (peer gone, timeout, refused).</summary>
    public CancellationToken Closed => _closed.Token;

    public bool IsBroken => Volatile.Read(ref _broken) != 0 || Volatile.Read(ref _disposed) != 0;

    /// <summary>A new live-mode socket, non-blocking both ways, not yet watched by the poller.</summary>
    public static SrtSocket Create(SrtPoller poller)
    {
        SrtLibrary.EnsureStarted();
        var id = SrtImports.CreateSocket();
        if (id == SrtImports.Error)
            throw SrtException.FromLast("srt_create_socket");
        var socket = new SrtSocket(id, poller);
        socket.SetInt(SrtOption.TransportType, 0); // SRTT_LIVE
        socket.SetBool(SrtOption.ReceiveSynchronous, false);
        socket.SetBool(SrtOption.SendSynchronous, false);
        return socket;
    }

    public unsafe void SetInt(SrtOption option, int value) => Set(option, &value, sizeof(int));

    public unsafe void SetBool(SrtOption option, bool value)
    {
        var flag = value ? 1 : 0; // libsrt reads bool options as int or bool by length
        Set(option, &flag, sizeof(int));
    }

    public unsafe void SetString(SrtOption option, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        fixed (byte* p = bytes)
            Set(option, p, bytes.Length);
    }

    public unsafe string GetString(SrtOption option)
    {
        var buffer = stackalloc byte[513]; // SRTO_STREAMID: up to 512 bytes
        var length = 513;
        var id = Enter();
        try
        {
            if (SrtImports.GetSocketFlag(id, option, buffer, &length) < 0)
                throw SrtException.FromLast($"srt_getsockflag({option})");
        }
        finally { Exit(); }
        return Encoding.UTF8.GetString(buffer, length);
    }

    private unsafe void Set(SrtOption option, void* value, int length)
    {
        var id = Enter();
        try
        {
            if (SrtImports.SetSocketFlag(id, option, value, length) < 0)
                throw SrtException.FromLast($"srt_setsockflag({option})");
        }
        finally { Exit(); }
    }

    public unsafe void Listen(IPEndPoint local, int backlog)
    {
        var address = stackalloc byte[SocketAddressBytes.MaxLength];
        var length = SocketAddressBytes.Write(local, new Span<byte>(address, SocketAddressBytes.MaxLength));
        var id = Enter();
        try
        {
            if (SrtImports.Bind(id, address, length) < 0)
                throw SrtException.FromLast($"srt_bind {local}");
            if (SrtImports.Listen(id, backlog) < 0)
                throw SrtException.FromLast("srt_listen");
        }
        finally { Exit(); }
        _poller.Add(this, Id);
    }

    /// <summary>Installs the pre-accept hook (see <see cref="SrtImports.ListenCallback"/>); call before <see cref="Listen"/>.</summary>
    public unsafe void SetListenHook(delegate* unmanaged<nint, int, int, byte*, byte*, int> hook, nint opaque)
    {
        var id = Enter();
        try
        {
            if (SrtImports.ListenCallback(id, hook, opaque) < 0)
                throw SrtException.FromLast("srt_listen_callback");
        }
        finally { Exit(); }
    }

    /// <summary>Next connection libsrt completed, waiting for one; null once the listener is closed.</summary>
    public async ValueTask<(SrtSocket Socket, IPEndPoint? Peer)?> AcceptAsync()
    {
        while (!IsBroken)
        {
            if (TryAccept() is { } accepted)
                return accepted;
            await _readable.WaitAsync().ConfigureAwait(false);
        }
        return null;
    }

    private unsafe (SrtSocket, IPEndPoint?)? TryAccept()
    {
        var address = stackalloc byte[SocketAddressBytes.MaxLength];
        var length = SocketAddressBytes.MaxLength;
        int id, accepted;
        try { id = Enter(); }
        catch (ObjectDisposedException) { return null; }
        try
        {
            accepted = SrtImports.Accept(id, address, &length);
            if (accepted == SrtImports.Error)
            {
                if (SrtErrors.Last() == SrtErrors.WouldBlockReceive)
                    return null;
                throw SrtException.FromLast("srt_accept");
            }
        }
        finally { Exit(); }
        var socket = new SrtSocket(accepted, _poller);
        _poller.Add(socket, accepted); // accepted sockets inherit the listener's non-blocking flags
        return (socket, SocketAddressBytes.Read(new ReadOnlySpan<byte>(address, length)));
    }

    /// <summary>
    /// Connects as a caller and returns once connected. A refusal throws an <see cref="SrtException"/>
    /// carrying the peer's reject reason (srt_getrejectreason); cancelling closes the socket.
    /// </summary>
    public async Task ConnectAsync(IPEndPoint remote, CancellationToken cancellationToken)
    {
        _poller.Add(this, Id);
        StartConnect(remote);
        await using (cancellationToken.UnsafeRegister(static s => ((SrtSocket)s!).Dispose(), this).ConfigureAwait(false))
        {
            while (State is SrtSocketState.Connecting or SrtSocketState.Opened && !IsBroken)
                await _writable.WaitAsync().ConfigureAwait(false);
        }
        cancellationToken.ThrowIfCancellationRequested();
        if (State != SrtSocketState.Connected)
        {
            var reason = RejectReason;
            throw new SrtException($"connection to {remote} failed: {SrtRejectReason.Describe(reason)}", SrtErrors.ConnectionRejected, reason);
        }
    }

    private unsafe void StartConnect(IPEndPoint remote)
    {
        var address = stackalloc byte[SocketAddressBytes.MaxLength];
        var length = SocketAddressBytes.Write(remote, new Span<byte>(address, SocketAddressBytes.MaxLength));
        var id = Enter();
        try
        {
            if (SrtImports.Connect(id, address, length) < 0)
                throw SrtException.FromLast($"srt_connect {remote}");
        }
        finally { Exit(); }
    }

    public SrtSocketState State
    {
        get
        {
            try
            {
                var id = Enter();
                try { return SrtImports.GetSocketState(id); }
                finally { Exit(); }
            }
            catch (ObjectDisposedException) { return SrtSocketState.Closed; }
        }
    }

    /// <summary>Why the handshake was refused (SRT_REJ_* or the listener's SRT_REJX_* code); 0 if it wasn't.</summary>
    public int RejectReason
    {
        get
        {
            try
            {
                var id = Enter();
                try { return SrtImports.GetRejectReason(id); }
                finally { Exit(); }
            }
            catch (ObjectDisposedException) { return 0; }
        }
    }

    /// <summary>
    /// Next message (live mode: one UDP payload, up to 1456 bytes) into <paramref name="buffer"/>;
    /// 0 once the connection has ended (peer closed, broken, closed here).
    /// </summary>
    public async ValueTask<int> ReceiveAsync(Memory<byte> buffer)
    {
        while (true)
        {
            var received = TryReceive(buffer.Span);
            if (received != 0)
                return Math.Max(received, 0);
            await _readable.WaitAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Bytes received; 0 if nothing is ready yet; -1 once the connection has ended.</summary>
    private unsafe int TryReceive(Span<byte> buffer)
    {
        int id;
        try { id = Enter(); }
        catch (ObjectDisposedException) { return -1; }
        try
        {
            int received;
            fixed (byte* p = buffer)
                received = SrtImports.ReceiveMessage(id, p, buffer.Length);
            if (received > 0)
                return received;
            if (received < 0 && SrtErrors.Last() == SrtErrors.WouldBlockReceive && !IsBroken)
                return 0;
            return -1;
        }
        finally { Exit(); }
    }

    /// <summary>Sends one message (at most the payload size, 1316 bytes by default), waiting while the send buffer is full.</summary>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> message)
    {
        while (!TrySend(message.Span))
            await _writable.WaitAsync().ConfigureAwait(false);
    }

    private unsafe bool TrySend(ReadOnlySpan<byte> message)
    {
        int id;
        try { id = Enter(); }
        catch (ObjectDisposedException) { throw new SrtException("the SRT socket is closed", SrtErrors.InvalidSocket); }
        try
        {
            int sent;
            fixed (byte* p = message)
                sent = SrtImports.SendMessage(id, p, message.Length, -1, 0);
            if (sent >= 0)
                return true;
            var error = SrtErrors.Last();
            if (error == SrtErrors.WouldBlockSend && !IsBroken)
                return false;
            throw new SrtException($"srt_sendmsg: {SrtErrors.LastText()}", error);
        }
        finally { Exit(); }
    }

    /// <summary>srt_bstats without clearing; false once the socket is gone.</summary>
    public unsafe bool TryGetStats(out SrtTraceStats stats)
    {
        stats = default;
        try
        {
            var id = Enter();
            try
            {
                fixed (SrtTraceStats* p = &stats)
                    return SrtImports.ByteStats(id, p, 0) == 0;
            }
            finally { Exit(); }
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Called on the epoll thread: wakes the waiters; an error also ends the socket's life in the poller.</summary>
    internal void OnReady(SrtEpollFlags events)
    {
        if ((events & SrtEpollFlags.Error) != 0)
        {
            Volatile.Write(ref _broken, 1);
            _poller.Remove(Id);
        }
        if ((events & (SrtEpollFlags.In | SrtEpollFlags.Error)) != 0)
            _readable.Signal();
        if ((events & (SrtEpollFlags.Out | SrtEpollFlags.Error)) != 0)
            _writable.Signal();
        if ((events & SrtEpollFlags.Error) != 0)
            CancelClosed();
    }

    /// <summary>Closes the socket (srt_close once no call holds it) and wakes every pending wait. Any thread, idempotent.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        _poller.Remove(Id);
        _handle.Dispose();
        _readable.Signal();
        _writable.Signal();
        CancelClosed();
    }

    private void CancelClosed()
    {
        try { _closed.Cancel(); }
        catch (ObjectDisposedException) { }
    }

    private int Enter()
    {
        var added = false;
        _handle.DangerousAddRef(ref added);
        return _handle.Id;
    }

    private void Exit() => _handle.DangerousRelease();

    public override string ToString() => $"@{Id}";
}
