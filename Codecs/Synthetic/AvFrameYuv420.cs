using InteropGateway.Codecs.Native;

namespace InteropGateway.Codecs.Synthetic;

/// <summary>Lets the generators draw straight into a native yuv420p AVFrame, with FFmpeg's strides.</summary>
public static class AvFrameYuv420
{
    /// <summary>
    /// The planes of <paramref name="frame"/>, which must hold a yuv420p picture
    /// (<see cref="AvFrame.AllocateVideo"/>) made writable if it was sent to an encoder.
    /// </summary>
    public static Yuv420Planes AsYuv420Planes(this AvFrame frame)
    {
        if (frame.PixelFormat != PixelFormat.Yuv420P)
            throw new ArgumentException($"frame is {frame.PixelFormat}, not yuv420p", nameof(frame));
        var chromaHeight = Yuv420Planes.ChromaSize(frame.Height);
        return new Yuv420Planes(frame.Width, frame.Height,
            frame.Plane(0, frame.LineSize(0) * frame.Height), frame.LineSize(0),
            frame.Plane(1, frame.LineSize(1) * chromaHeight), frame.LineSize(1),
            frame.Plane(2, frame.LineSize(2) * chromaHeight), frame.LineSize(2));
    }
}
