using InteropGateway.Codecs.Media;

namespace InteropGateway.Adapters.WebRtc.Rtp;

/// <summary>
/// RFC 7741 receiver: strips the VP8 payload descriptor and joins partitions into frames (start at
/// S=1 with partition 0, end at the marker bit). The keyframe bit and picture size come from the
/// VP8 frame header (RFC 6386 §9.1). Loss handling matches <see cref="H264Depacketizer"/>: drop
/// the broken frame, wait for a keyframe, ask for one.
/// </summary>
public sealed class Vp8Depacketizer : IRtpDepacketizer
{
    public const int DefaultMaxFrameSize = 4 * 1024 * 1024;

    private readonly RtpFrameAssembly _frame;
    private readonly RtpTimestampMapper _clock;
    private RtpLossDetector _loss;
    private bool _waitingForKeyframe = true;
    private long _framePts;

    public Vp8Depacketizer(RtpTimestampMapper? clock = null, int maxFrameSize = DefaultMaxFrameSize)
    {
        _clock = clock ?? new RtpTimestampMapper(Timebase.TicksPerSecond);
        _frame = new RtpFrameAssembly(64 * 1024, maxFrameSize);
    }

    public TrackConfig? Track { get; private set; }
    public long FramesEmitted { get; private set; }
    public long FramesDropped { get; private set; }

    public DepacketizerEvents Push(in RtpPacket packet, IMediaFrameSink sink)
    {
        var events = DepacketizerEvents.None;
        var arrival = _loss.Observe(packet.SequenceNumber);
        if (arrival == RtpLossDetector.Arrival.Stale)
            return events;
        var gap = arrival == RtpLossDetector.Arrival.AfterGap;
        if (!Vp8PayloadDescriptor.TryParse(packet.Payload, out var descriptor))
            return events | MarkBroken();

        if (_frame.IsActive && (packet.Timestamp != _frame.Timestamp || descriptor.IsFrameStart))
        {
            if (gap)
                _frame.IsBroken = true; // the packets lost were the rest of this frame
            events |= Finish(sink);
        }
        if (!_frame.IsActive)
        {
            _frame.Start(packet.Timestamp);
            _framePts = _clock.ToTicks(packet.Timestamp);
            // A frame must begin with S=1, partition 0; anything else means we missed its start.
            _frame.IsBroken = !descriptor.IsFrameStart;
            // Whole frames may have been lost before this one: only a keyframe is sure to decode now.
            if (gap)
                _waitingForKeyframe = true;
        }
        else if (gap)
        {
            _frame.IsBroken = true;
        }
        _frame.Append(packet.Payload[descriptor.Size..]);
        if (packet.Marker)
            events |= Finish(sink);
        return events;
    }

    private DepacketizerEvents MarkBroken()
    {
        if (_frame.IsActive)
            _frame.IsBroken = true;
        return DepacketizerEvents.None;
    }

    private DepacketizerEvents Finish(IMediaFrameSink sink)
    {
        var events = DepacketizerEvents.None;
        var data = _frame.Data;
        // Frame tag bit 0 (P) is 0 on keyframes (RFC 6386 §9.1).
        var isKeyframe = data.Length >= 10 && (data[0] & 0x01) == 0;
        if (isKeyframe && !_frame.IsBroken && UpdateTrack(data))
            events |= DepacketizerEvents.TrackChanged;

        if (!_frame.IsBroken && data.Length > 0 && Track is not null && (isKeyframe || !_waitingForKeyframe))
        {
            var pts = _framePts;
            sink.OnFrame(MediaFrame.Copy(Track, data, pts, pts, isKeyframe));
            _waitingForKeyframe = false;
            FramesEmitted++;
            events |= DepacketizerEvents.FrameEmitted;
        }
        else
        {
            _waitingForKeyframe = true;
            FramesDropped++;
            events |= DepacketizerEvents.FrameDropped | DepacketizerEvents.NeedKeyframe;
        }
        _frame.Reset();
        return events;
    }

    /// <summary>Keyframe header: 3-byte tag, start code 9d 01 2a, then 14-bit width and height (2 scale bits each).</summary>
    private bool UpdateTrack(ReadOnlySpan<byte> keyframe)
    {
        if (keyframe[3] != 0x9D || keyframe[4] != 0x01 || keyframe[5] != 0x2A)
            return false;
        var width = (keyframe[6] | (keyframe[7] << 8)) & 0x3FFF;
        var height = (keyframe[8] | (keyframe[9] << 8)) & 0x3FFF;
        if (Track is not null && Track.Width == width && Track.Height == height)
            return false;
        Track = new TrackConfig(MediaKind.Video, CodecId.Vp8, ReadOnlyMemory<byte>.Empty) { Width = width, Height = height };
        return true;
    }

    public void Dispose() => _frame.Dispose();
}
