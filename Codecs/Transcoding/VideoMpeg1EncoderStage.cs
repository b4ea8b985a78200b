using InteropGateway.Codecs.Media;
using InteropGateway.Codecs.Native;

namespace InteropGateway.Codecs.Transcoding;

/// <summary>
/// FFmpeg's mpeg1video encoder for the H5/JSMpeg track: fixed size and a standard frame rate from
/// the settings (pictures are dropped or repeated onto a <see cref="VideoFrameRateGrid"/> anchored
/// at the first source PTS, so the output stays on the source timeline), no B-frames for low
/// latency, one GOP per KeyframeIntervalSeconds. Each output frame is one picture; the encoder puts
/// a sequence header in front of every I-picture, so the track has no extradata.
/// </summary>
internal sealed class VideoMpeg1EncoderStage : VideoEncoderStage
{
    private readonly TranscodeSettings _settings;
    private readonly VideoPictureConverter _converter = new();
    private readonly VideoFrameRateGrid _grid;
    // Slot -> 90 kHz time of pictures inside the encoder (the grid may re-anchor meanwhile).
    private readonly Queue<(long Slot, long Time)> _pending = new(8);
    private TrackConfig? _track;
    private bool _hasPicture;

    public VideoMpeg1EncoderStage(TranscodeSettings settings, TranscodeStats stats) : base(stats)
    {
        _settings = settings;
        _grid = new VideoFrameRateGrid(settings.Mpeg1Fps);
    }

    public override TrackConfig? Track => _track;

    public override void Encode(AvFrame picture, IFrameSink sink)
    {
        if (Encoder is null)
            Open(picture.Width, picture.Height);

        var step = _grid.Place(picture.Pts == AvPacket.NoTimestamp ? _grid.NextSlotTime : picture.Pts);
        if (step.Drop)
            return;
        if (_hasPicture)
        {
            // The source left slots empty: show the previous picture in them.
            for (var slot = step.FirstRepeatSlot; slot < step.Slot; slot++)
                Send(_converter.Picture, slot, sink);
        }
        var converted = _converter.Convert(picture, _track!.Width, _track.Height);
        _hasPicture = true;
        Send(converted, step.Slot, sink);
    }

    private void Open(int sourceWidth, int sourceHeight)
    {
        var (width, height) = VideoTargetSize.Resolve(_settings.Mpeg1Width, _settings.Mpeg1Height, sourceWidth, sourceHeight);
        var fps = _settings.Mpeg1Fps;
        var settings = new EncoderSettings
        {
            Width = width,
            Height = height,
            PixelFormat = VideoPictureConverter.TargetFormat,
            // One tick per picture: the encoder's PTS are grid slot numbers.
            TimeBase = new Rational(1, fps),
            FrameRate = new Rational(fps, 1),
            BitRate = _settings.Mpeg1BitRate,
            GopSize = Math.Max(1, (int)Math.Round(_settings.KeyframeIntervalSeconds * fps)),
            MaxBFrames = 0,
        };
        Encoder = Encoder.Open(VideoCodecNames.Encoder(CodecId.Mpeg1Video)!, settings);
        _track ??= new TrackConfig(MediaKind.Video, CodecId.Mpeg1Video, ReadOnlyMemory<byte>.Empty) { Width = width, Height = height };
        _pending.Clear();
    }

    private void Send(AvFrame picture, long slot, IFrameSink sink)
    {
        picture.Pts = slot;
        if (TakeKeyframeRequest())
            Encoder!.RequestKeyframe();
        _pending.Enqueue((slot, _grid.SlotTime(slot)));
        Encoder!.Send(picture);
        Drain(sink);
    }

    protected override void Drain(IFrameSink sink)
    {
        while (Encoder!.TryReceive(Packet))
        {
            var time = TimeOfSlot(Packet.Pts);
            var frame = MediaFrame.Copy(_track!, Packet.Data, time, time, Packet.IsKeyframe);
            Packet.Unref();
            Deliver(frame, sink);
        }
    }

    private long TimeOfSlot(long slot)
    {
        while (_pending.TryDequeue(out var entry))
        {
            if (entry.Slot == slot)
                return entry.Time;
        }
        return _grid.SlotTime(slot);
    }

    public override void Dispose()
    {
        _converter.Dispose();
        base.Dispose();
    }
}
