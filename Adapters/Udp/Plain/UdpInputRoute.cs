using System.Net;
using System.Net.Sockets;
using InteropGateway.Adapters.Ts;
using InteropGateway.Codecs.Containers.MpegTs;
using InteropGateway.Core.Relay;
using InteropGateway.Core.Sessions;
using InteropGateway.Matrix;
using Microsoft.Extensions.Logging;

namespace InteropGateway.Adapters.Udp.Plain;

/// <summary>
/// One configured input: MPEG-TS datagrams on a UDP address (unicast or a multicast group) published
/// as one stream. The first good datagram publishes; a silence of
/// <see cref="TsOverUdpOptions.InputIdleTimeout"/> ends the publication, and the next datagram
/// publishes again. Datagrams that are not whole TS packets are counted and dropped, never fatal.
/// One receive buffer per route; nothing allocated per datagram.
/// </summary>
internal sealed class UdpInputRoute(StreamKey key, UdpUrl url, StreamHub hub, TsOverUdpOptions options, ILogger logger)
{
    /// <summary>After a refused or revoked publish, datagrams are dropped this long before publishing is tried again.</summary>
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);
    private const int MaxDatagram = 65_536;

    private readonly byte[] _datagram = GC.AllocateUninitializedArray<byte>(MaxDatagram);
    private readonly SocketAddress _sender = new(url.EndPoint.AddressFamily);
    private InputSession? _session;
    private long _retryAt;
    private long _dropped;

    public async Task RunAsync(CancellationToken stopping)
    {
        Socket socket;
        try
        {
            socket = UdpSockets.OpenInput(url);
        }
        catch (Exception ex) when (ex is SocketException or NotSupportedException)
        {
            logger.LogError("UDP input {Stream} <- {Url} is off: cannot open the socket: {Error}", key, url, ex.Message);
            return;
        }
        using (socket)
        {
            logger.LogInformation("UDP input {Stream} <- {Url}: waiting for MPEG-TS datagrams; a {Idle} s silence ends the publication",
                key, url, options.InputIdleTimeout.TotalSeconds);
            try
            {
                await ReceiveLoopAsync(socket, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
            }
            EndSession("gateway stopping");
        }
    }

    private async Task ReceiveLoopAsync(Socket socket, CancellationToken stopping)
    {
        var idle = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                if (_session is not null)
                    idle.CancelAfter(options.InputIdleTimeout);
                int length;
                try
                {
                    length = await socket.ReceiveFromAsync(_datagram, SocketFlags.None, _sender, idle.Token);
                }
                catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
                {
                    EndSession($"idle: no datagram for {options.InputIdleTimeout.TotalSeconds:0.#} s");
                    idle.Dispose();
                    idle = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                    continue;
                }
                catch (SocketException ex)
                {
                    // A UDP socket reports ICMP errors of earlier sends; for a receiver they mean nothing.
                    logger.LogDebug("UDP input {Stream}: receive error ignored: {Error}", key, ex.SocketErrorCode);
                    continue;
                }
                OnDatagram(_datagram.AsSpan(0, length));
            }
        }
        finally
        {
            idle.Dispose();
        }
    }

    private void OnDatagram(ReadOnlySpan<byte> datagram)
    {
        if (_session is { } current && current.Publication.Revoked.IsCancellationRequested)
        {
            EndSession(current.Publication.EndReason ?? "publication revoked");
            _retryAt = Environment.TickCount64 + (long)RetryDelay.TotalMilliseconds;
        }
        var problem = Inspect(datagram);
        if (_session is null)
        {
            if (problem is not null || Environment.TickCount64 < _retryAt || !TryStartSession())
            {
                _dropped++;
                return;
            }
        }
        var session = _session!;
        session.Datagrams++;
        if (problem is not null)
        {
            session.Bad++;
            if (session.Bad == 1 || session.Bad % 1000 == 0)
                logger.LogWarning("UDP input {Stream} from {Sender}: dropped a datagram of {Length} bytes: {Problem} ({Bad} bad so far)",
                    key, session.Sender, datagram.Length, problem, session.Bad);
            return;
        }
        try
        {
            session.Publisher.Push(datagram);
        }
        catch (Exception ex)
        {
            // A parser bug or input nobody foresaw: this publication ends with the reason, the route keeps receiving.
            logger.LogError(ex, "UDP input {Stream} from {Sender}: TS could not be read", key, session.Sender);
            EndSession($"unreadable TS: {ex.Message}", flush: false); // flushing would feed the reader what it choked on
            _retryAt = Environment.TickCount64 + (long)RetryDelay.TotalMilliseconds;
        }
    }

    /// <summary>Null for a datagram of whole TS packets; otherwise what is wrong with it.</summary>
    private static string? Inspect(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty || datagram.Length % TsConstants.PacketSize != 0)
            return "not a whole number of 188-byte TS packets";
        if (datagram[0] != TsConstants.SyncByte)
            return datagram[0] >> 6 == 2 ? "looks like RTP; only raw MPEG-TS over UDP is supported" : "no TS sync byte 0x47";
        return null;
    }

    private bool TryStartSession()
    {
        var sender = new IPEndPoint(url.EndPoint.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0).Create(_sender);
        var info = new SessionInfo(Protocols.Udp, sender, SessionInfo.NewId()) { Transport = "udp" };
        if (!hub.TryPublish(key, info, out var publication, out var error))
        {
            logger.LogWarning("UDP input {Stream} <- {Url}: cannot publish: {Error}; dropping datagrams, next try in {Retry} s",
                key, url, error, RetryDelay.TotalSeconds);
            _retryAt = Environment.TickCount64 + (long)RetryDelay.TotalMilliseconds;
            return false;
        }
        logger.LogInformation("UDP input {Stream} <- {Url}: datagrams from {Sender}, publishing as {Session} ({Dropped} datagrams dropped while not publishing)",
            key, url, sender, info, _dropped);
        _dropped = 0;
        _session = new InputSession(publication, new TsPublisher(publication, logger, options.MaxPesBytes), sender);
        return true;
    }

    private void EndSession(string reason, bool flush = true)
    {
        if (_session is not { } session)
            return;
        _session = null;
        if (flush)
        {
            try
            {
                session.Publisher.Dispose(); // the video PES still open is complete now
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "UDP input {Stream} from {Sender}: the last PES could not be read", key, session.Sender);
            }
        }
        session.Publication.End(reason);
        logger.LogInformation("UDP input {Stream} <- {Url} from {Sender} ended: {Reason}; {Datagrams} datagrams ({Bad} bad), {Summary}",
            key, url, session.Sender, reason, session.Datagrams, session.Bad, session.Publisher.Summary);
    }

    /// <summary>One publication of this route: from the first datagram to the silence that ends it.</summary>
    private sealed class InputSession(Publication publication, TsPublisher publisher, EndPoint sender)
    {
        public Publication Publication { get; } = publication;
        public TsPublisher Publisher { get; } = publisher;
        public EndPoint Sender { get; } = sender;
        public long Datagrams;
        public long Bad;
    }
}
