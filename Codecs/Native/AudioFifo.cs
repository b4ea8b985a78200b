namespace InteropGateway.Codecs.Native;

/// <summary>
/// libavutil's AVAudioFifo in one sample format: collects resampled audio so an encoder with a fixed
/// frame size (AAC 1024, Opus 960 at 20 ms, MP2 1152) always gets exactly that many samples.
/// </summary>
public sealed unsafe class AudioFifo : IDisposable
{
    private readonly AudioFifoHandle _handle;

    public AudioFifo(SampleFormat format, int channels, int initialCapacity = 4096)
    {
        _handle = AvUtilImports.av_audio_fifo_alloc((int)format, channels, initialCapacity);
        if (_handle.IsInvalid)
            throw new FFmpegException("av_audio_fifo_alloc", AvError.OutOfMemory);
        Format = format;
        Channels = channels;
    }

    public SampleFormat Format { get; }
    public int Channels { get; }

    /// <summary>Samples per channel currently held.</summary>
    public int Count => AvUtilImports.av_audio_fifo_size(_handle);

    /// <summary>Appends the <c>SampleCount</c> samples of <paramref name="frame"/> (same format and channels).</summary>
    public void Write(AvFrame frame)
    {
        if (frame.SampleCount == 0)
            return;
        FFmpegException.ThrowIfError(
            AvUtilImports.av_audio_fifo_write(_handle, (void**)frame.ExtendedPlanes, frame.SampleCount), "av_audio_fifo_write");
    }

    /// <summary>
    /// Moves up to <paramref name="count"/> samples into the start of <paramref name="frame"/>'s buffers
    /// (which must hold at least that many) and returns how many were moved.
    /// </summary>
    public int Read(AvFrame frame, int count) =>
        FFmpegException.ThrowIfError(AvUtilImports.av_audio_fifo_read(_handle, (void**)frame.ExtendedPlanes, count), "av_audio_fifo_read");

    public void Clear() => AvUtilImports.av_audio_fifo_reset(_handle);

    public void Dispose() => _handle.Dispose();
}
