namespace InteropGateway.Codecs.Native;

/// <summary>
/// An FFmpeg encoder driven by the send/receive loop: <see cref="Send"/> a frame (null = flush), then
/// <see cref="TryReceive"/> until it returns false. Encoder errors are not the stream's fault
/// (wrong parameters, out of memory), so they throw <see cref="FFmpegException"/>.
/// </summary>
public sealed unsafe class Encoder : IDisposable
{
    private readonly CodecContextHandle _context;
    private int _keyframeRequested;

    private Encoder(string codecName, CodecContextHandle context)
    {
        CodecName = codecName;
        _context = context;
        FrameSize = (int)CodecOpening.GetInt(context, "frame_size");
        SampleRate = (int)CodecOpening.GetInt(context, "ar");
        FFmpegException.ThrowIfError(AvUtilImports.av_opt_get_q(context.DangerousGetHandle(), "time_base", 0, out var timeBase), "av_opt_get_q(time_base)");
        TimeBase = timeBase;
        SampleFormat = (SampleFormat)(*(int*)((byte*)context.DangerousGetHandle() + NativeLayout.CodecContextSampleFmt));
        // Read once after open: the codec has written its final out-of-band config by now.
        Extradata = CodecOpening.GetExtradata(context).ToArray();
    }

    public string CodecName { get; }
    /// <summary>Samples per channel every audio frame must have (except maybe the last); 0 = any.</summary>
    public int FrameSize { get; }
    public int SampleRate { get; }
    public SampleFormat SampleFormat { get; }
    public Rational TimeBase { get; }
    /// <summary>
    /// Out-of-band config after open: AudioSpecificConfig (aac with global header), OpusHead
    /// (libopus), Annex B SPS/PPS (libx264 with global header); empty when none.
    /// </summary>
    public byte[] Extradata { get; }

    /// <summary>Opens the encoder named <paramref name="codecName"/> ("aac", "libopus", "mp2", "libx264", "mpeg1video"...).</summary>
    public static Encoder Open(string codecName, EncoderSettings settings, IReadOnlyDictionary<string, string>? options = null)
    {
        var (codec, context) = CodecOpening.Allocate(codecName, encoder: true);
        try
        {
            Apply(context, settings);
            CodecOpening.Open(context, codec, codecName, options);
            return new Encoder(codecName, context);
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <summary>The next frame sent is marked as an I picture, which makes the encoder emit a keyframe. Safe from any thread.</summary>
    public void RequestKeyframe() => Volatile.Write(ref _keyframeRequested, 1);

    /// <summary>
    /// Sends one frame (its pts in <see cref="TimeBase"/>), or null to flush. The encoder takes its own
    /// reference; call <see cref="AvFrame.MakeWritable"/> before refilling the same frame.
    /// </summary>
    public void Send(AvFrame? frame)
    {
        int result;
        if (frame is null)
        {
            result = AvCodecImports.avcodec_send_frame_null(_context, 0);
            if (result == AvError.EndOfFile)
                return; // already flushing
        }
        else
        {
            var forceKeyframe = Interlocked.Exchange(ref _keyframeRequested, 0) == 1;
            frame.PictureType = forceKeyframe ? PictureType.I : PictureType.None;
            result = AvCodecImports.avcodec_send_frame(_context, frame.Handle);
        }
        if (result < 0)
            throw new FFmpegException($"avcodec_send_frame({CodecName})", result);
    }

    /// <summary>True when <paramref name="packet"/> holds a new packet; false when the encoder needs input or is drained.</summary>
    public bool TryReceive(AvPacket packet)
    {
        var result = AvCodecImports.avcodec_receive_packet(_context, packet.Handle);
        if (result == AvError.Again || result == AvError.EndOfFile)
            return false;
        if (result < 0)
            throw new FFmpegException($"avcodec_receive_packet({CodecName})", result);
        return true;
    }

    public void Dispose() => _context.Dispose();

    private static void Apply(CodecContextHandle context, EncoderSettings settings)
    {
        var target = context.DangerousGetHandle();
        if (settings.BitRate > 0)
            Check(AvUtilImports.av_opt_set_int(target, "b", settings.BitRate, 0), "b");
        if (settings.Threads > 0)
            Check(AvUtilImports.av_opt_set_int(target, "threads", settings.Threads, 0), "threads");
        if (settings.GlobalHeader)
            Check(AvUtilImports.av_opt_set(target, "flags", "+global_header", 0), "flags");
        if (settings.SampleRate > 0)
            Check(AvUtilImports.av_opt_set_int(target, "ar", settings.SampleRate, 0), "ar");
        if (settings.Channels > 0)
        {
            var layout = AvChannelLayout.Default(settings.Channels);
            Check(AvUtilImports.av_opt_set_chlayout(target, "ch_layout", &layout, 0), "ch_layout");
        }
        if (settings.SampleFormat != SampleFormat.None)
            *(int*)((byte*)target + NativeLayout.CodecContextSampleFmt) = (int)settings.SampleFormat; // no AVOption in 5.1
        var timeBase = settings.TimeBase.Denominator > 0 ? settings.TimeBase
            : settings.SampleRate > 0 ? new Rational(1, settings.SampleRate) : default;
        if (timeBase.Denominator > 0)
            Check(AvUtilImports.av_opt_set_q(target, "time_base", timeBase, 0), "time_base");
        if (settings.Width > 0 && settings.Height > 0)
            Check(AvUtilImports.av_opt_set_image_size(target, "video_size", settings.Width, settings.Height, 0), "video_size");
        if (settings.PixelFormat != PixelFormat.None)
            Check(AvUtilImports.av_opt_set_pixel_fmt(target, "pixel_format", (int)settings.PixelFormat, 0), "pixel_format");
        if (settings.FrameRate.Denominator > 0)
            *(Rational*)((byte*)target + NativeLayout.CodecContextFramerate) = settings.FrameRate; // no AVOption in 5.1
        if (settings.GopSize > 0)
            Check(AvUtilImports.av_opt_set_int(target, "g", settings.GopSize, 0), "g");
        if (settings.MaxBFrames >= 0)
            Check(AvUtilImports.av_opt_set_int(target, "bf", settings.MaxBFrames, 0), "bf");
    }

    private static void Check(int result, string option) =>
        FFmpegException.ThrowIfError(result, $"av_opt_set({option})");
}
