using InteropGateway.Adapters.WebRtc.Rtp;
using InteropGateway.Adapters.WebRtc.Rtp.Interceptors;
using InteropGateway.Adapters.WebRtc.Rtp.Rtcp;
using InteropGateway.Adapters.WebRtc.Sdp;
using InteropGateway.Adapters.WebRtc.Transport;
using InteropGateway.Codecs.Media;
using InteropGateway.Core.Relay;
using InteropGateway.Core.Sessions;
using Microsoft.Extensions.Logging;

namespace InteropGateway.Adapters.WebRtc.Sessions;

/// <summary>
/// A WHEP viewer: once ICE and DTLS are up, subscribes to the stream as a "webrtc" sink (the router
/// passes H264 through and feeds Opus from a shared branch) and sends each frame as RTP. NACKs are
/// answered from the send history; PLI/FIR ask the stream for a keyframe.
/// </summary>
internal sealed class EgressSession : WebRtcSession
{
    private readonly StreamHub _hub;
    private readonly NegotiatedMedia? _video;
    private readonly NegotiatedMedia? _audio;
    private readonly H264Packetizer? _h264;
    private readonly OpusPacketizer? _opus;
    private readonly NackResponder? _videoNacks;
    private readonly NackResponder? _audioNacks;
    private Subscriber? _subscriber;

    public EgressSession(StreamKey key, SessionInfo info, PeerTransport transport, SdpAnswer answer, StreamHub hub, ILogger logger)
        : base(key, info, transport, logger)
    {
        _hub = hub;
        var send = new TransportRtpSink(transport);
        _video = answer.Media.FirstOrDefault(m => m.Kind == MediaKind.Video && m.Codec == CodecId.H264 && m.LocalSsrc is not null);
        _audio = answer.Media.FirstOrDefault(m => m.Kind == MediaKind.Audio && m.Codec == CodecId.Opus && m.LocalSsrc is not null);
        if (_video is not null)
        {
            _videoNacks = new NackResponder(_video.LocalSsrc!.Value, send);
            _h264 = new H264Packetizer(new RtpStreamState(_video.LocalSsrc.Value, (byte)_video.PayloadType));
        }
        if (_audio is not null)
        {
            _audioNacks = new NackResponder(_audio.LocalSsrc!.Value, send);
            _opus = new OpusPacketizer(new RtpStreamState(_audio.LocalSsrc.Value, (byte)_audio.PayloadType));
        }
        transport.RtcpReceived += OnRtcp;
    }

    protected override async Task RunMediaAsync(CancellationToken stopping)
    {
        using var subscriber = _subscriber = _hub.Subscribe(Key, Info);
        using var cutOff = stopping.Register(() => subscriber.Close("WebRTC session ended"));
        while (await subscriber.ReadAsync().ConfigureAwait(false) is { } frame)
        {
            try
            {
                if (frame.Codec == CodecId.H264 && _h264 is not null)
                    _h264.Packetize(frame, _videoNacks!);
                else if (frame.Codec == CodecId.Opus && _opus is not null)
                    _opus.Packetize(frame, _audioNacks!);
            }
            finally
            {
                frame.Release();
            }
        }
        EndReason ??= subscriber.CloseReason ?? "stream ended";
    }

    private void OnRtcp(ReadOnlySpan<byte> compound)
    {
        _videoNacks?.HandleRtcp(compound);
        _audioNacks?.HandleRtcp(compound);
        foreach (var packet in new RtcpCompoundEnumerator(compound))
        {
            if (packet.PacketType == RtcpPacketType.PayloadFeedback
                && (packet.Count == RtcpPacketType.PliFormat || packet.Count == RtcpPacketType.FirFormat))
                _subscriber?.RequestKeyframe();
        }
    }

    protected override void OnClosed()
    {
        Transport.RtcpReceived -= OnRtcp;
        _videoNacks?.Dispose();
        _audioNacks?.Dispose();
    }
}
