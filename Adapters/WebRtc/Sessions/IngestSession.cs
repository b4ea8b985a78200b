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
/// A WHIP publisher: once ICE and DTLS are up, claims the stream as a "webrtc" source and turns its
/// RTP into frames (H264 or VP8, Opus). Each track's receive chain is reception statistics, then
/// NACKs for gaps, then the depacketizer; a broken picture, or a viewer's keyframe request, sends
/// PLI upstream. About once a second a receiver report goes back; the publisher's sender reports
/// put all tracks on its own clock so audio and video stay in sync. RTMP and HTTP-FLV viewers get
/// the H264 as is and AAC from a branch; a VP8 publisher's video reaches them, and WHEP viewers,
/// as H264 from one shared branch.
/// </summary>
internal sealed class IngestSession : WebRtcSession, IMediaFrameSink, IRtcpPacketSink
{
    private static readonly TimeSpan MinPliInterval = TimeSpan.FromMilliseconds(300);

    private readonly StreamHub _hub;
    private readonly Dictionary<int, Receiver> _receivers = new();
    private readonly RtcpClock _clock = new();
    private readonly SenderClockAlignment _alignment;
    private readonly uint _ssrc = (uint)Random.Shared.Next();
    private readonly byte[] _rtcp = new byte[64];
    private readonly RtcpReceptionReport[] _blocks;
    private readonly byte[] _reports;
    private uint? _videoSsrc;
    private long _lastPli = -1_000_000; // ms; far enough back that the first PLI goes out
    private Publication? _publication;

    private sealed class Receiver(MediaKind kind, RtpTimestampMapper clock, ReceiverReporter reports, NackRequester nacks, DepacketizingSink frames)
    {
        public MediaKind Kind => kind;
        public RtpTimestampMapper Clock => clock;
        public ReceiverReporter Reports => reports;
        public NackRequester Nacks => nacks;
        public DepacketizingSink Frames => frames;
        public bool OnSenderClock { get; set; }
    }

    public IngestSession(StreamKey key, SessionInfo info, PeerTransport transport, SdpAnswer answer, StreamHub hub, ILogger logger)
        : base(key, info, transport, logger)
    {
        _hub = hub;
        _alignment = new SenderClockAlignment(NowTicks);
        foreach (var media in answer.Media)
        {
            var clock = new RtpTimestampMapper(media.ClockRate, NowTicks);
            IRtpDepacketizer? depacketizer = media.Codec switch
            {
                CodecId.H264 => new H264Depacketizer(clock),
                CodecId.Vp8 => new Vp8Depacketizer(clock),
                CodecId.Opus => new OpusDepacketizer(clock, Math.Max(1, media.Channels)),
                _ => null,
            };
            if (depacketizer is null)
                continue;
            var frames = new DepacketizingSink(depacketizer, this);
            var nacks = new NackRequester(_ssrc, frames);
            _receivers[media.PayloadType] = new Receiver(media.Kind, clock, new ReceiverReporter(media.ClockRate, _clock, nacks), nacks, frames);
        }
        _blocks = new RtcpReceptionReport[_receivers.Count];
        _reports = new byte[RtcpReceiverReport.Measure(_receivers.Count) + RtcpSourceDescription.Measure(SdpAnswerOptions.DefaultCname)];
    }

    /// <summary>Core ticks since the session started: the one arrival clock all tracks are anchored to until the sender's reports come.</summary>
    private long NowTicks() => _clock.CoreTicksAt(_clock.Now());

    protected override async Task RunMediaAsync(CancellationToken stopping)
    {
        if (!_hub.TryPublish(Key, Info, out var publication, out var error))
        {
            EndReason = error;
            return;
        }
        using (publication)
        {
            _publication = publication;
            publication.KeyframeRequested += _ => RequestKeyframe("a viewer asked for one");
            Transport.RtpReceived += OnRtp;
            Transport.RtcpReceived += OnRtcp;
            using var endOrRevoked = CancellationTokenSource.CreateLinkedTokenSource(stopping, publication.Revoked);
            var reports = SendReportsUntilAsync(SendReceiverReport, _clock.Time, endOrRevoked.Token);
            try
            {
                await Task.Delay(Timeout.Infinite, endOrRevoked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (publication.Revoked.IsCancellationRequested)
            {
                EndReason = publication.EndReason ?? "the stream was taken over";
            }
            finally
            {
                Transport.RtpReceived -= OnRtp;
                Transport.RtcpReceived -= OnRtcp;
                await reports.ConfigureAwait(false);
                publication.End(EndReason ?? "WebRTC publisher left");
            }
        }
    }

    private void OnRtp(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < 12 || !_receivers.TryGetValue(packet[1] & 0x7F, out var receiver))
            return;
        if (receiver.Kind == MediaKind.Video)
            _videoSsrc ??= RtpHeader.ReadSsrc(packet);
        receiver.Reports.OnRtpPacket(packet);
        receiver.Nacks.Poll(this);
        if ((receiver.Frames.TakeEvents() & DepacketizerEvents.NeedKeyframe) != 0)
            RequestKeyframe("a picture was lost");
    }

    /// <summary>Sender reports: LSR/DLSR for our receiver reports, and each track's NTP/RTP pair for A/V sync.</summary>
    private void OnRtcp(ReadOnlySpan<byte> compound)
    {
        var packets = new RtcpCompoundEnumerator(compound);
        while (packets.MoveNext())
        {
            if (!RtcpSenderReport.TryParse(packets.Current, out var report, out _))
                continue;
            foreach (var receiver in _receivers.Values)
            {
                if (!receiver.Reports.OnSenderReport(report))
                    continue;
                var moved = _alignment.OnSenderReport(receiver.Clock, report);
                if (!receiver.OnSenderClock)
                {
                    receiver.OnSenderClock = true;
                    Logger.LogInformation("WebRTC publisher {Session}: {Kind} now timed by the sender's clock (moved {Moved:F1} ms)",
                        Info, receiver.Kind.ToString().ToLowerInvariant(), (double)moved / Timebase.TicksPerMillisecond);
                }
            }
        }
        if (packets.IsMalformed)
            LogMalformedRtcp(compound.Length);
    }

    /// <summary>One compound RR (a block per SSRC we receive) + SDES CNAME, from the report timer.</summary>
    private void SendReceiverReport()
    {
        var count = 0;
        foreach (var receiver in _receivers.Values)
        {
            if (receiver.Reports.TryCreateReport(out var block))
                _blocks[count++] = block;
        }
        if (count == 0)
            return;
        var length = RtcpReceiverReport.Write(_reports, _ssrc, _blocks.AsSpan(0, count));
        length += RtcpSourceDescription.WriteCname(_reports.AsSpan(length), _ssrc, SdpAnswerOptions.DefaultCname);
        Transport.SendRtcp(_reports.AsSpan(0, length));
    }

    public void OnFrame(MediaFrame frame)
    {
        if (_publication is { } publication)
            publication.Publish(frame);
        else
            frame.Release();
    }

    public void OnRtcpPacket(ReadOnlySpan<byte> packet) => Transport.SendRtcp(packet);

    /// <summary>Sends PLI to the publisher, at most every 300 ms.</summary>
    private void RequestKeyframe(string why)
    {
        if (_videoSsrc is not { } media)
            return;
        var now = Environment.TickCount64;
        if (Interlocked.Exchange(ref _lastPli, now) is var last && now - last < MinPliInterval.TotalMilliseconds)
            return;
        lock (_rtcp)
        {
            var length = RtcpPictureLossIndication.Write(_rtcp, _ssrc, media);
            Transport.SendRtcp(_rtcp.AsSpan(0, length));
        }
        Logger.LogDebug("WebRTC publisher {Session}: PLI sent ({Why})", Info, why);
    }

    protected override void OnClosed()
    {
        foreach (var receiver in _receivers.Values)
            receiver.Frames.Depacketizer.Dispose();
    }
}
