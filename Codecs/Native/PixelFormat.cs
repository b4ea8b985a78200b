namespace InteropGateway.Codecs.Native;

/// <summary>enum AVPixelFormat values used by the gateway. Checked by the probe.</summary>
public enum PixelFormat
{
    None = -1,
    Yuv420P = 0,
    Yuyv422 = 1,
    Rgb24 = 2,
    Bgr24 = 3,
    Yuv422P = 4,
    Yuv444P = 5,
    Yuvj420P = 12,
    Nv12 = 23,
}
