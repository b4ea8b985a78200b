using System.Net;
using System.Net.Sockets;

namespace InteropGateway.Tests.Integration.Infrastructure;

/// <summary>
/// A UDP relay on 127.0.0.1 that drops a share of the datagrams each way, standing in for netem
/// (not available on this kernel): peers send to <see cref="Port"/>, the relay forwards to the
/// target, and replies go back to the last sender. Each direction has its own seeded RNG, so a
/// run drops the same datagrams every time for the same traffic.
/// </summary>
public sealed class LossyUdpRelay : IDisposable
{
    private readonly Socket _front = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Socket _back = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource _stop = new();
    private readonly double _lossRate;
    private readonly Task _forward, _backward;
    private EndPoint? _client;

    public LossyUdpRelay(int targetPort, double lossRate, int seed)
    {
        _lossRate = lossRate;
        _front.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _back.Connect(new IPEndPoint(IPAddress.Loopback, targetPort));
        _forward = Task.Run(() => ForwardAsync(new Random(seed)));
        _backward = Task.Run(() => BackwardAsync(new Random(seed + 1)));
    }

    public int Port => ((IPEndPoint)_front.LocalEndPoint!).Port;

    public long ForwardedToTarget, DroppedToTarget, ForwardedToClient, DroppedToClient;

    private async Task ForwardAsync(Random random)
    {
        var buffer = new byte[2048];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try { received = await _front.ReceiveFromAsync(buffer, any, _stop.Token); }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException) { return; }
            Volatile.Write(ref _client, received.RemoteEndPoint);
            if (random.NextDouble() < _lossRate)
            {
                Interlocked.Increment(ref DroppedToTarget);
                continue;
            }
            Interlocked.Increment(ref ForwardedToTarget);
            try { await _back.SendAsync(buffer.AsMemory(0, received.ReceivedBytes), _stop.Token); }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException) { return; }
        }
    }

    private async Task BackwardAsync(Random random)
    {
        var buffer = new byte[2048];
        while (!_stop.IsCancellationRequested)
        {
            int length;
            try { length = await _back.ReceiveAsync(buffer, _stop.Token); }
            catch (SocketException) { continue; } // ICMP port unreachable before the target listens
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException) { return; }
            if (Volatile.Read(ref _client) is not { } client)
                continue;
            if (random.NextDouble() < _lossRate)
            {
                Interlocked.Increment(ref DroppedToClient);
                continue;
            }
            Interlocked.Increment(ref ForwardedToClient);
            try { await _front.SendToAsync(buffer.AsMemory(0, length), client, _stop.Token); }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException) { return; }
        }
    }

    public override string ToString() =>
        $"to target {ForwardedToTarget} forwarded / {DroppedToTarget} dropped, to client {ForwardedToClient} forwarded / {DroppedToClient} dropped";

    public void Dispose()
    {
        _stop.Cancel();
        _front.Dispose();
        _back.Dispose();
        Task.WaitAll([_forward, _backward], TimeSpan.FromSeconds(2));
    }
}
