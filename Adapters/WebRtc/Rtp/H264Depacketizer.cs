using System.Buffers.Binary;
using InteropGateway.Codecs.Bitstream;
using InteropGateway.Codecs.Media;

namespace InteropGateway.Adapters.WebRtc.Rtp;

/// <summary>
/// RFC 6184 receiver: single NAL unit, STAP-A and FU-A packets in, AVCC access units out (4-byte
/// lengths, SPS/PPS/AUD taken out of the payload). An access unit ends at the marker bit or when
/// the timestamp changes. In-band SPS/PPS become the track config. A sequence gap breaks the
/// access unit it hits; broken units are dropped and decoding waits for the next IDR, reporting
/// <see cref="DepacketizerEvents.NeedKeyframe"/> so the session sends a PLI.
/// </summary>
public sealed class H264Depacketizer : IRtpDepacketizer
{
    public const int DefaultMaxAccessUnitSize = 4 * 1024 * 1024;
    private const int LengthSize = 4;

    private readonly RtpFrameAssembly _frame;
    private readonly RtpTimestampMapper _clock;
    private readonly H264ParameterSetTracker _parameterSets = new();
    private RtpLossDetector _loss;
    private bool _frameHasIdr;
    /// <summary>Offset of the length prefix of the FU-A being reassembled, -1 when none.</summary>
    private int _fragmentStart = -1;
    private bool _waitingForKeyframe = true;
    /// <summary>Core time of the frame being built, mapped when its first packet came so dropped frames don't shift the timeline.</summary>
    private long _framePts;

    public H264Depacketizer(RtpTimestampMapper? clock = null, int maxAccessUnitSize = DefaultMaxAccessUnitSize)
    {
        _clock = clock ?? new RtpTimestampMapper(Timebase.TicksPerSecond);
        _frame = new RtpFrameAssembly(64 * 1024, maxAccessUnitSize);
    }

    public TrackConfig? Track => _parameterSets.Track;

    public long FramesEmitted { get; private set; }
    public long FramesDropped { get; private set; }

    public DepacketizerEvents Push(in RtpPacket packet, IMediaFrameSink sink)
    {
        var events = DepacketizerEvents.None;
        var arrival = _loss.Observe(packet.SequenceNumber);
        if (arrival == RtpLossDetector.Arrival.Stale)
            return events;
        var gap = arrival == RtpLossDetector.Arrival.AfterGap;
        if (_frame.IsActive && packet.Timestamp != _frame.Timestamp)
        {
            // A new timestamp before the marker: complete if nothing was lost (some senders omit
            // the marker), broken if the gap may have eaten the frame's tail.
            if (gap)
                _frame.IsBroken = true;
            events |= Finish(sink);
        }
        if (!_frame.IsActive)
            StartFrame(packet.Timestamp);
        if (gap)
            _frame.IsBroken = true; // the lost packets may have been this frame's start

        AddPayload(packet.Payload);
        if (packet.Marker)
            events |= Finish(sink);
        return events;
    }

    private void StartFrame(uint timestamp)
    {
        _frame.Start(timestamp);
        _framePts = _clock.ToTicks(timestamp);
        _frameHasIdr = false;
        _fragmentStart = -1;
    }

    private void AddPayload(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
            return;
        var type = payload[0] & 0x1F;
        switch (type)
        {
            case >= 1 and <= 23:
                AbandonFragment();
                AddNal(payload);
                break;
            case 24:
                AbandonFragment();
                AddStapA(payload[1..]);
                break;
            case 28:
                AddFuA(payload);
                break;
            default:
                // STAP-B, MTAP and FU-B belong to interleaved mode, which we never negotiate.
                _frame.IsBroken = true;
                break;
        }
    }

    private void AddStapA(ReadOnlySpan<byte> units)
    {
        while (!units.IsEmpty)
        {
            if (units.Length < 2)
            {
                _frame.IsBroken = true;
                return;
            }
            var size = BinaryPrimitives.ReadUInt16BigEndian(units);
            if (size == 0 || size > units.Length - 2)
            {
                _frame.IsBroken = true;
                return;
            }
            AddNal(units.Slice(2, size));
            units = units[(2 + size)..];
        }
    }

    private void AddFuA(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 3)
        {
            _frame.IsBroken = true;
            return;
        }
        var fuHeader = payload[1];
        var start = (fuHeader & 0x80) != 0;
        var end = (fuHeader & 0x40) != 0;
        var body = payload[2..];
        if (start)
        {
            AbandonFragment();
            _fragmentStart = _frame.Length;
            var head = _frame.Reserve(LengthSize + 1);
            if (head.IsEmpty)
                return;
            head[LengthSize] = (byte)((payload[0] & 0xE0) | (fuHeader & 0x1F)); // rebuild the NAL header
        }
        else if (_fragmentStart < 0)
        {
            _frame.IsBroken = true; // a middle or end without its start: the start was lost
            return;
        }
        if (!_frame.Append(body))
            return;
        if (end)
            CompleteFragment();
    }

    private void CompleteFragment()
    {
        var nalLength = _frame.Length - _fragmentStart - LengthSize;
        var nal = _frame.Writable(_fragmentStart + LengthSize, nalLength);
        var nalStart = _fragmentStart;
        _fragmentStart = -1;
        if (IsOutOfBand(nal))
        {
            _parameterSets.Observe(nal);
            _frame.Length = nalStart; // parameter sets travel in the track config, not the payload
            return;
        }
        BinaryPrimitives.WriteUInt32BigEndian(_frame.Writable(nalStart, LengthSize), (uint)nalLength);
        _frameHasIdr |= H264NalUnit.TypeOf(nal) == H264NalUnitType.Idr;
    }

    /// <summary>A new NAL unit arrived while an FU-A was open: its end was lost.</summary>
    private void AbandonFragment()
    {
        if (_fragmentStart < 0)
            return;
        _frame.Length = _fragmentStart;
        _fragmentStart = -1;
        _frame.IsBroken = true;
    }

    private void AddNal(ReadOnlySpan<byte> nal)
    {
        if (IsOutOfBand(nal))
        {
            _parameterSets.Observe(nal);
            return;
        }
        var area = _frame.Reserve(LengthSize + nal.Length);
        if (area.IsEmpty)
            return;
        BinaryPrimitives.WriteUInt32BigEndian(area, (uint)nal.Length);
        nal.CopyTo(area[LengthSize..]);
        _frameHasIdr |= H264NalUnit.TypeOf(nal) == H264NalUnitType.Idr;
    }

    private static bool IsOutOfBand(ReadOnlySpan<byte> nal) =>
        H264NalUnit.IsParameterSetOrDelimiter(H264NalUnit.TypeOf(nal));

    private DepacketizerEvents Finish(IMediaFrameSink sink)
    {
        var events = DepacketizerEvents.None;
        if (_parameterSets.Commit())
            events |= DepacketizerEvents.TrackChanged;
        if (_fragmentStart >= 0)
            AbandonFragment();

        var track = _parameterSets.Track;
        var usable = !_frame.IsBroken && _frame.Length > 0 && track is not null && (_frameHasIdr || !_waitingForKeyframe);
        if (usable)
        {
            var pts = _framePts;
            // WebRTC H264 has no B-frames: decode order is presentation order.
            sink.OnFrame(MediaFrame.Copy(track!, _frame.Data, pts, pts, _frameHasIdr));
            _waitingForKeyframe = false;
            FramesEmitted++;
            events |= DepacketizerEvents.FrameEmitted;
        }
        else if (_frame.Length > 0 || _frame.IsBroken)
        {
            // Anything after a broken or missing reference would decode into garbage.
            _waitingForKeyframe = true;
            FramesDropped++;
            events |= DepacketizerEvents.FrameDropped | DepacketizerEvents.NeedKeyframe;
        }
        _frame.Reset();
        _fragmentStart = -1;
        return events;
    }

    public void Dispose() => _frame.Dispose();
}
