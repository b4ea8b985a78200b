using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using InteropGateway.Adapters.Udp.Native;
using Microsoft.Extensions.Logging.Abstractions;

namespace InteropGateway.Tests.Udp.Native;

/// <summary>
/// The binding against libsrt on both ends over loopback: the pre-accept hook's reject reason reaches
/// the caller, messages cross intact, statistics count them, and closing a socket wakes a pending receive.
/// </summary>
public sealed class SrtSocketLoopbackTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);
    private readonly SrtPoller _poller = new(NullLogger.Instance);

    /// <summary>The hook of these tests: refuses stream ids starting with "refuse:" with the number that follows.</summary>
    [UnmanagedCallersOnly]
    private static unsafe int RefuseByStreamId(nint opaque, int socket, int handshakeVersion, byte* peer, byte* streamId)
    {
        var id = Marshal.PtrToStringUTF8((nint)streamId) ?? "";
        if (!id.StartsWith("refuse:", StringComparison.Ordinal))
            return 0;
        SrtImports.SetRejectReason(socket, int.Parse(id["refuse:".Length..]));
        return -1;
    }

    private (SrtSocket Listener, int Port) Listen()
    {
        var listener = SrtSocket.Create(_poller);
        unsafe { listener.SetListenHook(&RefuseByStreamId, 0); }
        var port = FreeUdpPort();
        listener.Listen(new IPEndPoint(IPAddress.Loopback, port), 8);
        return (listener, port);
    }

    private async Task<SrtSocket> CallAsync(int port, string streamId)
    {
        var caller = SrtSocket.Create(_poller);
        caller.SetString(SrtOption.StreamId, streamId);
        using var timeout = new CancellationTokenSource(Limit);
        try
        {
            await caller.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), timeout.Token);
            return caller;
        }
        catch
        {
            caller.Dispose();
            throw;
        }
    }

    [Fact]
    public async Task The_hooks_reject_reason_reaches_the_caller()
    {
        var (listener, port) = Listen();
        using var _ = listener;
        var refused = await Assert.ThrowsAsync<SrtException>(() => CallAsync(port, "refuse:1409"));
        Assert.Equal(1409, refused.RejectReason);
        Assert.Contains("1409 conflict", refused.Message);
    }

    [Fact]
    public async Task Messages_cross_intact_in_order_and_are_counted()
    {
        var (listener, port) = Listen();
        using var _ = listener;
        using var caller = await CallAsync(port, "#!::r=live/x,m=publish");
        var accepted = await listener.AcceptAsync().AsTask().WaitAsync(Limit);
        Assert.NotNull(accepted);
        using var server = accepted.Value.Socket;
        Assert.Equal("#!::r=live/x,m=publish", server.GetString(SrtOption.StreamId));
        Assert.Equal(IPAddress.Loopback, accepted.Value.Peer!.Address);

        const int count = 200;
        var message = new byte[1316];
        for (var i = 0; i < count; i++)
        {
            message.AsSpan().Fill((byte)i);
            await caller.SendAsync(message);
        }
        var buffer = new byte[1500];
        for (var i = 0; i < count; i++)
        {
            var received = await server.ReceiveAsync(buffer).AsTask().WaitAsync(Limit);
            Assert.Equal(1316, received);
            Assert.True(buffer.AsSpan(0, received).IndexOfAnyExcept((byte)i) < 0, $"message {i} changed");
        }
        Assert.True(server.TryGetStats(out var stats));
        Assert.Equal(count, stats.PacketsReceivedTotal);
        Assert.Equal(count * (1316UL + 44), stats.BytesReceivedTotal); // libsrt counts the SRT, UDP and IPv4 headers (16 + 8 + 20)
        Assert.Equal(120, stats.MsReceiveTsbPdDelay);
    }

    [Fact]
    public async Task Closing_a_socket_wakes_its_pending_receive_and_the_peer_sees_the_end()
    {
        var (listener, port) = Listen();
        using var _ = listener;
        using var caller = await CallAsync(port, "x");
        var accepted = await listener.AcceptAsync().AsTask().WaitAsync(Limit);
        using var server = accepted!.Value.Socket;
        var buffer = new byte[1500];
        var pending = server.ReceiveAsync(buffer).AsTask();
        await Task.Delay(100);
        Assert.False(pending.IsCompleted);
        var clock = Stopwatch.StartNew();
        server.Dispose();
        Assert.Equal(0, await pending.WaitAsync(Limit));
        Assert.True(server.Closed.IsCancellationRequested);
        // The caller learns it from the link (shutdown message), not from a timeout.
        Assert.Equal(0, await caller.ReceiveAsync(buffer).AsTask().WaitAsync(Limit));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"the end took {clock.Elapsed}");
    }

    [Fact]
    public async Task Closing_a_listener_ends_its_pending_accept()
    {
        var (listener, _) = Listen();
        var pending = listener.AcceptAsync().AsTask();
        await Task.Delay(100);
        listener.Dispose();
        Assert.Null(await pending.WaitAsync(Limit));
    }

    private static int FreeUdpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    public void Dispose() => _poller.Dispose();
}
