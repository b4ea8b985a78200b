using InteropGateway.Codecs.Media;
using InteropGateway.Codecs.Native;
using InteropGateway.Codecs.Synthetic;
using InteropGateway.Codecs.Transcoding;

namespace InteropGateway.Core.Demo;

/// <summary>
/// The demo's pictures: the test pattern with a clock, encoded with libx264 (zerolatency) into the
/// canonical H264 track. Picture n is stamped n / fps on the stream's media timeline.
/// </summary>
internal sealed class DemoVideoSource : IDisposable
{
    private readonly TestPatternGenerator _pattern;
    private readonly VideoEncoder _encoder;
    private readonly AvFrame _picture = new();
    private readonly int _fps;

    public DemoVideoSource(DemoOptions options)
    {
        _fps = options.Fps;
        _pattern = new TestPatternGenerator(options.Width, options.Height);
        _picture.AllocateVideo(PixelFormat.Yuv420P, options.Width, options.Height);
        _encoder = new VideoEncoder(CodecId.H264, new TranscodeSettings
        {
            H264BitRate = options.VideoBitRate,
            H264Preset = options.H264Preset,
            KeyframeIntervalSeconds = options.KeyframeIntervalSeconds,
        });
    }

    /// <summary>Index of the next picture.</summary>
    public long Next { get; set; }

    /// <summary>Media time of picture <paramref name="index"/>, in 90 kHz ticks.</summary>
    public long TimeOf(long index) => index * Timebase.TicksPerSecond / _fps;

    /// <summary>The picture index due at <paramref name="mediaTime"/> (rounded down).</summary>
    public long IndexAt(long mediaTime) => mediaTime * _fps / Timebase.TicksPerSecond;

    /// <summary>Draws and encodes picture <see cref="Next"/>; the clock shows <paramref name="clockOrigin"/> plus its media time.</summary>
    public void EncodeNext(TimeSpan clockOrigin, IFrameSink output)
    {
        var pts = TimeOf(Next);
        _picture.MakeWritable(); // x264 may still reference the previous picture
        _pattern.Render(_picture.AsYuv420Planes(), clockOrigin + TimeSpan.FromTicks(pts * TimeSpan.TicksPerSecond / Timebase.TicksPerSecond), Next);
        _picture.Pts = pts;
        _encoder.Encode(_picture, output);
        Next++;
    }

    public void Dispose()
    {
        _encoder.Dispose();
        _picture.Dispose();
    }
}
