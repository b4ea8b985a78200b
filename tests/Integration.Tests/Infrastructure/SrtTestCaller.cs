using System.Net;
using InteropGateway.Adapters.Udp.Native;
using Microsoft.Extensions.Logging.Abstractions;

namespace InteropGateway.Tests.Integration.Infrastructure;

/// <summary>An SRT caller on the gateway's own libsrt binding, to read what a refused peer is told (srt_getrejectreason).</summary>
internal static class SrtTestCaller
{
    /// <summary>Connects with <paramref name="streamId"/>; 0 if accepted (then disconnects), else the reject reason.</summary>
    public static async Task<int> ConnectAsync(int port, string streamId, string? passphrase = null)
    {
        using var poller = new SrtPoller(NullLogger.Instance);
        using var socket = SrtSocket.Create(poller);
        socket.SetString(SrtOption.StreamId, streamId);
        if (passphrase is not null)
            socket.SetString(SrtOption.Passphrase, passphrase);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), timeout.Token);
            return 0;
        }
        catch (SrtException ex)
        {
            return ex.RejectReason;
        }
    }
}
