using InteropGateway.Codecs.Native;

namespace InteropGateway.Codecs.Transcoding;

/// <summary>
/// Brings decoded pictures to an encoder's size and pixel format (yuv420p) with swscale, into one
/// reused frame. The scaler is rebuilt only when the source size or format changes. A picture
/// already in that shape is only referenced, not copied.
/// </summary>
internal sealed class VideoPictureConverter : IDisposable
{
    public const PixelFormat TargetFormat = PixelFormat.Yuv420P;

    private readonly AvFrame _target = new();
    private VideoScaler? _scaler;
    private int _width, _height;

    /// <summary>The last converted picture (kept for repeats until the next conversion).</summary>
    public AvFrame Picture => _target;

    /// <summary>Whether <paramref name="source"/> can go to an encoder of that size as it is.</summary>
    public static bool IsReady(AvFrame source, int width, int height) =>
        source.Width == width && source.Height == height && source.PixelFormat == TargetFormat;

    /// <summary>Converts <paramref name="source"/> into <see cref="Picture"/> at width x height.</summary>
    public AvFrame Convert(AvFrame source, int width, int height)
    {
        if (IsReady(source, width, height))
        {
            _target.ReferTo(source);
            _width = _height = 0; // the target no longer owns a picture of its own to scale into
            return _target;
        }
        if (_width != width || _height != height)
        {
            _target.AllocateVideo(TargetFormat, width, height);
            (_width, _height) = (width, height);
            _scaler?.Dispose();
            _scaler = null;
        }
        else
        {
            _target.MakeWritable(); // the encoder may still reference the previous picture
        }
        if (_scaler is null || !_scaler.Accepts(source))
        {
            _scaler?.Dispose();
            _scaler = VideoScaler.Create(source.Width, source.Height, source.PixelFormat, width, height, TargetFormat);
        }
        _scaler.Scale(source, _target);
        return _target;
    }

    public void Dispose()
    {
        _scaler?.Dispose();
        _target.Dispose();
    }
}
