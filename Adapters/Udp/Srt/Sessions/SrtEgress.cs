using InteropGateway.Adapters.Udp.Native;
using InteropGateway.Adapters.Ts;
using InteropGateway.Core.Relay;

namespace InteropGateway.Adapters.Udp.Srt.Sessions;

/// <summary>
/// Sends a subscriber's frames as MPEG-TS over an SRT connection, 7 TS packets (1316 bytes) per
/// message, until the stream ends, the subscriber is cut off or the connection breaks. Used by
/// listener players and push routes.
/// </summary>
internal static class SrtEgress
{
    /// <summary>SRT_LIVE_DEF_PLSIZE: the payload size SRT's live mode is tuned for.</summary>
    private const int MessageBytes = 1316;

    public static async Task<string> RunAsync(SrtSocket socket, Subscriber subscriber)
    {
        var pump = new TsSubscriberPump(subscriber, MessageBytes);
        // A player that leaves while the stream is quiet is noticed by the epoll thread, not by a send.
        await using var closeOnBreak = socket.Closed.UnsafeRegister(
            static s => ((Subscriber)s!).Close("SRT connection closed by the peer or lost"), subscriber).ConfigureAwait(false);
        try
        {
            return await pump.RunAsync((chunk, _) => socket.SendAsync(chunk), CancellationToken.None).ConfigureAwait(false);
        }
        catch (SrtException ex)
        {
            return $"SRT connection lost: {ex.Message}";
        }
    }
}
