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
/// passes H264 through and feeds Opus from a shared branch) and sends each frame as RTP. Each
/// track's send chain is packetizer, sender report counters, NACK history, transport. NACKs are
/// answered from the send history; PLI/FIR ask the stream for a keyframe; about once a second each
/// track sends a sender report, all of them mapping NTP to RTP through one media clock.
/// </summary>
internal sealed class EgressSession : WebRtcSession
{
    private readonly StreamHub _hub;
    private readonly NegotiatedMedia? _video;
    private readonly NegotiatedMedia? _audio;
    private readonly H264Packetizer? _h264;
    private readonly OpusPacketizer? _opus;
    private readonly SenderReporter? _videoReports;
    private readonly SenderReporter? _audioReports;
    private readonly NackResponder? _videoNacks;
    private readonly NackResponder? _audioNacks;
    private readonly RtcpClock _clock = new();
    private readonly OutgoingMediaClock _mediaClock = new();
    private readonly byte[] _reports = new byte[RtcpSenderReport.Measure(0) + RtcpSourceDescription.Measure(SdpAnswerOptions.DefaultCname)];
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
            _videoNacks = new NackResponder(_video.LocalSsrc!.Value, send, RtpSendHistory.VideoBytes);
            _videoReports = new SenderReporter(_video.LocalSsrc.Value, _videoNacks);
            _h264 = new H264Packetizer(new RtpStreamState(_video.LocalSsrc.Value, (byte)_video.PayloadType));
        }
        if (_audio is not null)
        {
            _audioNacks = new NackResponder(_audio.LocalSsrc!.Value, send, RtpSendHistory.AudioBytes);
            _audioReports = new SenderReporter(_audio.LocalSsrc.Value, _audioNacks);
            _opus = new OpusPacketizer(new RtpStreamState(_audio.LocalSsrc.Value, (byte)_audio.PayloadType));
        }
        transport.RtcpReceived += OnRtcp;
    }

    protected override async Task RunMediaAsync(CancellationToken stopping)
    {
        using var subscriber = _subscriber = _hub.Subscribe(Key, Info);
        using var cutOff = stopping.Register(() => subscriber.Close("WebRTC session ended"));
        using var reportsStop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var reports = SendReportsUntilAsync(SendSenderReports, _clock.Time, reportsStop.Token);
        try
        {
            while (await subscriber.ReadAsync().ConfigureAwait(false) is { } frame)
            {
                try
                {
                    if (frame.Codec == CodecId.H264 && _h264 is not null)
                    {
                        _mediaClock.OnFrameSent(frame.Pts, _clock.CoreTicksAt(_clock.Now()));
                        _h264.Packetize(frame, _videoReports!);
                    }
                    else if (frame.Codec == CodecId.Opus && _opus is not null)
                    {
                        _mediaClock.OnFrameSent(frame.Pts, _clock.CoreTicksAt(_clock.Now()));
                        _opus.Packetize(frame, _audioReports!);
                    }
                }
                finally
                {
                    frame.Release();
                }
            }
        }
        finally
        {
            reportsStop.Cancel();
            await reports.ConfigureAwait(false);
        }
        EndReason ??= subscriber.CloseReason ?? "stream ended";
    }

    /// <summary>A compound SR + SDES CNAME per track that has sent media, from the report timer.</summary>
    private void SendSenderReports()
    {
        if (!_mediaClock.IsStarted)
            return;
        var now = _clock.Now();
        var ntp = _clock.NtpAt(now);
        var media = _mediaClock.MediaTicksAt(_clock.CoreTicksAt(now));
        if (_videoReports is { HasSent: true })
            SendSenderReport(_videoReports, ntp, _h264!.RtpTimestampOf(media));
        if (_audioReports is { HasSent: true })
            SendSenderReport(_audioReports, ntp, _opus!.RtpTimestampOf(media));
    }

    private void SendSenderReport(SenderReporter reporter, ulong ntp, uint rtpTimestamp)
    {
        var length = reporter.WriteReport(_reports, ntp, rtpTimestamp);
        length += RtcpSourceDescription.WriteCname(_reports.AsSpan(length), reporter.Ssrc, SdpAnswerOptions.DefaultCname);
        Transport.SendRtcp(_reports.AsSpan(0, length));
    }

    private void OnRtcp(ReadOnlySpan<byte> compound)
    {
        _videoNacks?.HandleRtcp(compound);
        _audioNacks?.HandleRtcp(compound);
        var packets = new RtcpCompoundEnumerator(compound);
        while (packets.MoveNext())
        {
            var packet = packets.Current;
            if (packet.PacketType == RtcpPacketType.PayloadFeedback
                && (packet.Count == RtcpPacketType.PliFormat || packet.Count == RtcpPacketType.FirFormat))
                _subscriber?.RequestKeyframe();
        }
        if (packets.IsMalformed)
            LogMalformedRtcp(compound.Length);
    }

    protected override void OnClosed()
    {
        Transport.RtcpReceived -= OnRtcp;
        _videoNacks?.Dispose();
        _audioNacks?.Dispose();
    }
}
