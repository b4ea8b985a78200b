using System.Diagnostics;
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
/// RTP into frames (H264 or VP8, Opus). Gaps are NACKed; a broken picture, or a viewer's keyframe
/// request, sends PLI upstream. RTMP and HTTP-FLV viewers get the H264 as is and AAC from a branch.
/// </summary>
internal sealed class IngestSession : WebRtcSession, IMediaFrameSink, IRtcpPacketSink
{
    private static readonly TimeSpan MinPliInterval = TimeSpan.FromMilliseconds(300);

    private readonly StreamHub _hub;
    private readonly Dictionary<int, Receiver> _receivers = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly uint _ssrc = (uint)Random.Shared.Next();
    private readonly byte[] _rtcp = new byte[64];
    private uint? _videoSsrc;
    private long _lastPli = -1_000_000; // ms; far enough back that the first PLI goes out
    private Publication? _publication;

    private sealed record Receiver(MediaKind Kind, NackRequester Nacks, DepacketizingSink Frames);

    public IngestSession(StreamKey key, SessionInfo info, PeerTransport transport, SdpAnswer answer, StreamHub hub, ILogger logger)
        : base(key, info, transport, logger)
    {
        _hub = hub;
        foreach (var media in answer.Media)
        {
            IRtpDepacketizer? depacketizer = media.Codec switch
            {
                CodecId.H264 => new H264Depacketizer(new RtpTimestampMapper(media.ClockRate, NowTicks)),
                CodecId.Vp8 => new Vp8Depacketizer(new RtpTimestampMapper(media.ClockRate, NowTicks)),
                CodecId.Opus => new OpusDepacketizer(new RtpTimestampMapper(media.ClockRate, NowTicks), Math.Max(1, media.Channels)),
                _ => null,
            };
            if (depacketizer is null)
                continue;
            var frames = new DepacketizingSink(depacketizer, this);
            _receivers[media.PayloadType] = new Receiver(media.Kind, new NackRequester(_ssrc, frames), frames);
        }
    }

    /// <summary>Core ticks since the session started: the one arrival clock both tracks are anchored to.</summary>
    private long NowTicks() => _clock.ElapsedTicks * Timebase.TicksPerSecond / Stopwatch.Frequency;

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
            using var endOrRevoked = CancellationTokenSource.CreateLinkedTokenSource(stopping, publication.Revoked);
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
                publication.End(EndReason ?? "WebRTC publisher left");
            }
        }
    }

    private void OnRtp(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < 12 || !_receivers.TryGetValue(packet[1] & 0x7F, out var receiver))
            return;
        if (receiver.Kind == MediaKind.Video)
            _videoSsrc ??= (uint)(packet[8] << 24 | packet[9] << 16 | packet[10] << 8 | packet[11]);
        receiver.Nacks.OnRtpPacket(packet);
        receiver.Nacks.Poll(this);
        if ((receiver.Frames.TakeEvents() & DepacketizerEvents.NeedKeyframe) != 0)
            RequestKeyframe("a picture was lost");
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
        var now = _clock.ElapsedMilliseconds;
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
