using System.Net;
using System.Runtime.InteropServices;
using InteropGateway.Adapters.Udp.Native;
using InteropGateway.Core.Options;
using InteropGateway.Core.Relay;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InteropGateway.Adapters.Udp.Srt.Listener;

/// <summary>
/// Decides, in libsrt's pre-accept hook, whether a caller may connect: the stream id must parse, a
/// publisher may not take a live stream (under the Reject policy), a player must ask for a stream
/// the gateway has or would pull on demand (CDN edge, relay node). A refusal goes back in the handshake as an SRT reject reason, and is logged.
/// (The passphrase is checked by libsrt after this hook; its refusals reach the log through libsrt's own log.)
/// </summary>
internal sealed class SrtAccessControl(StreamHub hub, IOptionsMonitor<RelayOptions> relay, ILogger logger)
{
    /// <summary>Length of the peer address libsrt passes (its sockaddr_any holds a sockaddr_in6).</summary>
    private const int PeerAddressBytes = 28;

    /// <summary>Returns 0 to accept, or the reject reason.</summary>
    public int Check(string? streamId, EndPoint? peer)
    {
        if (!SrtStreamId.TryParse(streamId, out var request, out var reason, out var error))
            return Refuse(peer, streamId, reason, error);
        var stream = hub.Find(request.Key);
        if (request.Mode == SrtMode.Publish && stream is { IsLive: true } && relay.CurrentValue.PublishPolicy == PublishPolicy.Reject)
            return Refuse(peer, streamId, SrtRejectReason.Conflict, $"{request.Key} is already published by {stream.Publisher}");
        // A stream that exists but is between publishers (grace period) keeps its players: they may join it.
        // One nobody publishes is refused now, in the handshake, unless a CDN or relay-node pull would fetch it.
        if (request.Mode == SrtMode.Play && stream is null && !hub.CanPullOnDemand(request.Key))
            return Refuse(peer, streamId, SrtRejectReason.NotFound, $"nothing is published as {request.Key}");
        logger.LogDebug("SRT caller {Peer} may {Request}", peer, request);
        return 0;
    }

    private int Refuse(EndPoint? peer, string? streamId, int reason, string why)
    {
        logger.LogWarning("SRT refused caller {Peer} with stream id '{StreamId}': {Why} (reject {Reason})",
            peer, streamId, why, SrtRejectReason.Describe(reason));
        return reason;
    }

    /// <summary>The srt_listen_callback hook; <paramref name="opaque"/> is a GCHandle to the access control.</summary>
    [UnmanagedCallersOnly]
    public static unsafe int OnHandshake(nint opaque, int socket, int handshakeVersion, byte* peerAddress, byte* streamId)
    {
        int reason;
        try
        {
            var control = (SrtAccessControl)GCHandle.FromIntPtr(opaque).Target!;
            var peer = peerAddress is null ? null : SocketAddressBytes.Read(new ReadOnlySpan<byte>(peerAddress, PeerAddressBytes));
            var id = streamId is null ? null : Marshal.PtrToStringUTF8((nint)streamId);
            reason = control.Check(id, peer);
        }
        catch (Exception)
        {
            reason = SrtRejectReason.InternalError; // nothing may unwind into libsrt
        }
        if (reason == 0)
            return 0;
        SrtImports.SetRejectReason(socket, reason);
        return -1;
    }
}
