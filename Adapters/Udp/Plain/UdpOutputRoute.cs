using System.Net.Sockets;
using InteropGateway.Adapters.Ts;
using InteropGateway.Core.Relay;
using InteropGateway.Core.Sessions;
using InteropGateway.Matrix;
using Microsoft.Extensions.Logging;

namespace InteropGateway.Adapters.Udp.Plain;

/// <summary>
/// One configured output: while its stream is published, a player (protocol <c>udp</c>, so the
/// router converts only what TS over UDP can't carry) whose frames go out as MPEG-TS datagrams to a
/// unicast address or a multicast group. It ends with the stream and starts again on the next
/// publication. UDP has no receiver to wait for: nobody listening is not an error.
/// </summary>
internal sealed class UdpOutputRoute(StreamKey key, UdpUrl url, StreamHub hub, TsOverUdpOptions options, ILogger logger)
{
    private int _running;
    private Task _current = Task.CompletedTask;
    private CancellationToken _stopping;

    public StreamKey Key => key;

    /// <summary>Task of the run in progress, for an orderly shutdown.</summary>
    public Task Current => Volatile.Read(ref _current);

    public void Announce(CancellationToken stopping)
    {
        _stopping = stopping;
        logger.LogInformation("UDP output {Stream} -> {Url}: sends MPEG-TS ({Bytes}-byte datagrams) whenever the stream is published", key, url, options.DatagramBytes);
    }

    /// <summary>Starts sending unless already sending; called from the hub's Published event (must be quick) and once at start.</summary>
    public void StartIfLive()
    {
        if (_stopping.IsCancellationRequested || hub.Find(key) is not { IsLive: true })
            return;
        if (Interlocked.CompareExchange(ref _running, 1, 0) != 0)
            return;
        Volatile.Write(ref _current, Task.Run(RunAsync));
    }

    private async Task RunAsync()
    {
        try
        {
            await SendStreamAsync();
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "UDP output {Stream} -> {Url} failed unexpectedly", key, url);
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
        StartIfLive(); // published again while this run was ending: the Published event found it still running
    }

    private async Task SendStreamAsync()
    {
        Socket socket;
        try
        {
            socket = UdpSockets.OpenOutput(url);
        }
        catch (Exception ex) when (ex is SocketException or NotSupportedException)
        {
            logger.LogError("UDP output {Stream} -> {Url} cannot open its socket: {Error}; not sending this publication", key, url, ex.Message);
            return;
        }
        using (socket)
        {
            var info = new SessionInfo(Protocols.Udp, url.EndPoint, SessionInfo.NewId()) { Transport = "udp" };
            using var subscriber = hub.Subscribe(key, info);
            logger.LogInformation("UDP output {Stream} -> {Url}: sending as {Session}", key, url, info);
            var sender = new DatagramSender(socket);
            var pump = new TsSubscriberPump(subscriber, options.DatagramBytes);
            var reason = await pump.RunAsync(sender.SendAsync, _stopping);
            logger.LogInformation("UDP output {Stream} -> {Url} stopped: {Reason}; {Frames} frames in {Packets} TS packets ({Rejected} malformed frames left out), {Refused} datagrams refused by the receiver's host",
                key, url, reason, pump.FramesMuxed, pump.PacketsSent, pump.FramesRejected, sender.Refused);
        }
    }

    /// <summary>Sends on a connected socket; an ICMP "port unreachable" from an earlier datagram (nobody listening yet) is counted, not fatal.</summary>
    private sealed class DatagramSender(Socket socket)
    {
        public long Refused { get; private set; }

        public async ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken)
        {
            try
            {
                await socket.SendAsync(datagram, SocketFlags.None, cancellationToken);
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
            {
                Refused++;
            }
        }
    }
}
