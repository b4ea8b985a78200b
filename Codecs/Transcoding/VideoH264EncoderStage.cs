using System.Globalization;
using InteropGateway.Codecs.Bitstream;
using InteropGateway.Codecs.Media;
using InteropGateway.Codecs.Native;

namespace InteropGateway.Codecs.Transcoding;

/// <summary>
/// libx264 for the canonical H264 track: tune=zerolatency (no B-frames, no lookahead, so output
/// keeps the source's PTS with no reorder delay), global header so SPS/PPS come out of band and
/// become the track's avcC, packets converted from Annex B to 4-byte AVCC without in-band
/// parameter sets. The source picture size is kept (rounded to even); a size change reopens the
/// encoder with a new <see cref="TrackConfig"/>. Keyframes come every KeyframeIntervalSeconds of
/// presentation time, whatever the source frame rate, and on request.
/// </summary>
internal sealed class VideoH264EncoderStage : VideoEncoderStage
{
    /// <summary>Nominal rate given to x264 for its level and VBV bookkeeping; rate control follows the real timestamps.</summary>
    private const int NominalFps = 30;
    /// <summary>x264's own keyframe limit is set above ours so it never fires first, for sources up to this rate.</summary>
    private const int HighestExpectedFps = 60;

    private readonly TranscodeSettings _settings;
    private readonly VideoPictureConverter _converter = new();
    private readonly VideoTimestampGuard _timestamps = new();
    private readonly long _keyframeInterval;
    private TrackConfig? _track;
    private long _lastKeyframePts = long.MinValue;

    public VideoH264EncoderStage(TranscodeSettings settings, TranscodeStats stats) : base(stats)
    {
        _settings = settings;
        _keyframeInterval = Math.Max(1, Timebase.FromSeconds(settings.KeyframeIntervalSeconds));
    }

    public override TrackConfig? Track => _track;

    public override void Encode(AvFrame picture, IFrameSink sink)
    {
        var (width, height) = VideoTargetSize.Resolve(0, 0, picture.Width, picture.Height);
        if (Encoder is null || _track!.Width != width || _track.Height != height)
        {
            Flush(sink);
            Open(width, height);
        }

        var input = VideoPictureConverter.IsReady(picture, width, height) ? picture : _converter.Convert(picture, width, height);
        var pts = _timestamps.Next(picture.Pts, picture.Pts != AvPacket.NoTimestamp);
        input.Pts = pts;
        if (TakeKeyframeRequest() || _lastKeyframePts == long.MinValue || pts - _lastKeyframePts >= _keyframeInterval)
        {
            Encoder!.RequestKeyframe();
            _lastKeyframePts = pts;
        }
        Encoder!.Send(input);
        Drain(sink);
    }

    private void Open(int width, int height)
    {
        var settings = new EncoderSettings
        {
            Width = width,
            Height = height,
            PixelFormat = VideoPictureConverter.TargetFormat,
            TimeBase = new Rational(1, Timebase.TicksPerSecond),
            FrameRate = new Rational(NominalFps, 1),
            BitRate = _settings.H264BitRate,
            GopSize = (int)Math.Ceiling(_settings.KeyframeIntervalSeconds * HighestExpectedFps),
            MaxBFrames = 0,
            GlobalHeader = true,
        };
        var bitRate = _settings.H264BitRate.ToString(CultureInfo.InvariantCulture);
        var options = new Dictionary<string, string>
        {
            ["preset"] = _settings.H264Preset,
            ["tune"] = "zerolatency",
            // A forced keyframe must be an IDR: players joining there have only the avcC.
            ["forced-idr"] = "1",
            // A one-second VBV keeps peaks within what a live viewer's link was sized for.
            ["maxrate"] = bitRate,
            ["bufsize"] = bitRate,
        };
        Encoder = Encoder.Open(VideoCodecNames.Encoder(CodecId.H264)!, settings, options);
        if (!H264ParameterSets.TryBuildRecordFromAnnexB(Encoder.Extradata, out var avcC))
            throw new FFmpegException("libx264", "the encoder gave no SPS/PPS with a global header");
        _track = new TrackConfig(MediaKind.Video, CodecId.H264, avcC) { Width = width, Height = height };
        _lastKeyframePts = long.MinValue;
    }

    protected override void Drain(IFrameSink sink)
    {
        while (Encoder!.TryReceive(Packet))
        {
            var annexB = Packet.Data;
            var size = AnnexBToAvcc.MeasureConverted(annexB, dropParameterSets: true);
            if (size > 0)
            {
                var frame = MediaFrame.Rent(_track!, size, Packet.Dts, Packet.Pts, isKeyframe: false);
                AnnexBToAvcc.Convert(annexB, frame.WritablePayload, dropParameterSets: true);
                frame.IsKeyframe = H264ParameterSets.ContainsIdr(frame.Payload.Span);
                if (frame.IsKeyframe)
                    _lastKeyframePts = Math.Max(_lastKeyframePts, frame.Pts);
                Deliver(frame, sink);
            }
            Packet.Unref();
        }
    }

    public override void Dispose()
    {
        _converter.Dispose();
        base.Dispose();
    }
}
