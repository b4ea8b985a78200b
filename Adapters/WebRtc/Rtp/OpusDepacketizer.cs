using InteropGateway.Codecs.Bitstream;
using InteropGateway.Codecs.Media;

namespace InteropGateway.Adapters.WebRtc.Rtp;

/// <summary>
/// RFC 7587 receiver: each RTP payload is one Opus packet, i.e. one access unit. Every Opus packet
/// is decodable on its own, so loss only costs the lost audio: nothing waits, nothing is requested.
/// </summary>
public sealed class OpusDepacketizer : IRtpDepacketizer
{
    private readonly RtpTimestampMapper _clock;
    private RtpLossDetector _order;

    /// <param name="channels">From the SDP (opus/48000/2 always says 2; the stream may still be mono).</param>
    public OpusDepacketizer(RtpTimestampMapper? clock = null, int channels = 2)
    {
        _clock = clock ?? new RtpTimestampMapper(OpusPacketizer.ClockRate);
        Track = CreateTrack(channels);
    }

    public TrackConfig? Track { get; }

    public long FramesEmitted { get; private set; }

    public static TrackConfig CreateTrack(int channels = 2) =>
        new(MediaKind.Audio, CodecId.Opus, OpusHead.ForMonoOrStereo(channels).ToArray())
        {
            SampleRate = OpusPacketizer.ClockRate,
            Channels = channels,
        };

    public DepacketizerEvents Push(in RtpPacket packet, IMediaFrameSink sink)
    {
        if (_order.Observe(packet.SequenceNumber) == RtpLossDetector.Arrival.Stale)
            return DepacketizerEvents.None; // a duplicate, or too late to play
        if (packet.Payload.IsEmpty)
            return DepacketizerEvents.None; // padding-only keepalive
        var pts = _clock.ToTicks(packet.Timestamp);
        sink.OnFrame(MediaFrame.Copy(Track!, packet.Payload, pts, pts, isKeyframe: true));
        FramesEmitted++;
        return DepacketizerEvents.FrameEmitted;
    }

    public void Dispose() { }
}
