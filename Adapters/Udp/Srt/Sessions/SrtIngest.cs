using InteropGateway.Adapters.Udp.Native;
using InteropGateway.Adapters.Ts;
using InteropGateway.Core.Relay;
using Microsoft.Extensions.Logging;

namespace InteropGateway.Adapters.Udp.Srt.Sessions;

/// <summary>
/// Publishes what an SRT connection carries (MPEG-TS, one message per UDP payload) until the
/// connection ends or the gateway revokes the publication. Used by listener publishers and pull routes.
/// </summary>
internal static class SrtIngest
{
    /// <summary>Live-mode messages are at most 1456 bytes (SRT_LIVE_MAX_PLSIZE); srt_recvmsg needs room for the largest.</summary>
    private const int MessageBufferBytes = 1500;

    /// <summary>Runs the session and ends the publication; returns why it ended and what was demuxed.</summary>
    public static async Task<string> RunAsync(SrtSocket socket, Publication publication, ILogger logger)
    {
        var buffer = new byte[MessageBufferBytes]; // one per connection, reused for every message
        string reason;
        var publisher = new TsPublisher(publication, logger);
        await using (publication.Revoked.UnsafeRegister(static s => ((SrtSocket)s!).Dispose(), socket).ConfigureAwait(false))
        {
            try
            {
                while (true)
                {
                    var received = await socket.ReceiveAsync(buffer).ConfigureAwait(false);
                    if (received == 0)
                        break;
                    publisher.Push(buffer.AsSpan(0, received));
                }
                reason = publication.EndReason ?? "SRT connection closed by the peer or lost";
            }
            finally
            {
                publisher.Dispose(); // hands over the last open PES
            }
        }
        publication.End(reason);
        return $"{reason}; {publisher.Summary}";
    }
}
