using System.Collections.Concurrent;
using Org.BouncyCastle.Crypto.Tls;

namespace InteropGateway.Adapters.WebRtc.Dtls;

/// <summary>
/// BouncyCastle's view of the ICE-selected path: DTLS records come in through a bounded queue filled by
/// the shared socket's receive loop, and go out through a callback that sends on the current path.
/// BouncyCastle's DTLS is blocking, so <see cref="Receive"/> waits on the queue; after the handshake
/// records are drained with a 1 ms wait, so no thread is parked per session.
/// </summary>
internal sealed class QueuedDatagramTransport : DatagramTransport
{
    /// <summary>Record size limit: IPv6 minimum MTU minus UDP/IP and ICE-TCP framing headroom.</summary>
    public const int DefaultMtu = 1200;

    private readonly BlockingCollection<byte[]> _incoming;
    private readonly Action<byte[], int, int> _send;
    private readonly int _mtu;
    private volatile string? _abortReason;
    private long _dropped;

    public QueuedDatagramTransport(Action<byte[], int, int> send, int capacity = 64, int mtu = DefaultMtu)
    {
        _send = send;
        _mtu = mtu;
        _incoming = new BlockingCollection<byte[]>(new ConcurrentQueue<byte[]>(), capacity);
    }

    /// <summary>Raised once when BouncyCastle closes the transport (close_notify received or sent).</summary>
    public event Action? ClosedByProtocol;

    /// <summary>Why <see cref="Abort"/> was called (timeout, disposal), or null.</summary>
    public string? AbortReason => _abortReason;

    public long DroppedCount => Interlocked.Read(ref _dropped);

    public int QueuedCount => _incoming.Count;

    /// <summary>Queues a copy of one DTLS datagram; drops it when the queue is full (the peer retransmits).</summary>
    public bool TryEnqueue(ReadOnlySpan<byte> datagram)
    {
        if (_abortReason is not null || _incoming.IsAddingCompleted)
            return false;
        try
        {
            if (_incoming.TryAdd(datagram.ToArray()))
                return true;
        }
        catch (InvalidOperationException)
        {
            // Completed concurrently by Abort.
        }
        Interlocked.Increment(ref _dropped);
        return false;
    }

    /// <summary>Wakes a blocked <see cref="Receive"/> with an IOException carrying the reason.</summary>
    public void Abort(string reason)
    {
        _abortReason ??= reason;
        _incoming.CompleteAdding();
    }

    public int GetReceiveLimit() => 1500;

    public int GetSendLimit() => _mtu;

    public int Receive(byte[] buf, int off, int len, int waitMillis)
    {
        if (_abortReason is { } reason)
            throw new IOException(reason);
        byte[]? datagram;
        bool taken;
        try
        {
            taken = waitMillis <= 0 ? _incoming.TryTake(out datagram) : _incoming.TryTake(out datagram, waitMillis);
        }
        catch (ObjectDisposedException)
        {
            throw new IOException("DTLS transport disposed");
        }
        if (!taken)
        {
            if (_abortReason is { } aborted)
                throw new IOException(aborted);
            return -1;
        }
        var count = Math.Min(len, datagram!.Length);
        Buffer.BlockCopy(datagram, 0, buf, off, count);
        return count;
    }

    public void Send(byte[] buf, int off, int len)
    {
        if (_abortReason is { } reason)
            throw new IOException(reason);
        _send(buf, off, len);
    }

    public void Close()
    {
        _incoming.CompleteAdding();
        ClosedByProtocol?.Invoke();
    }
}
