namespace InteropGateway.Codecs.Native;

/// <summary>
/// A reusable AVFrame: decoded pictures or samples, or encoder input. Allocate one per pipeline
/// stage and reuse it: receiving into it or <see cref="Unref"/> drops the previous buffers, so
/// no managed allocation happens per frame.
/// </summary>
public sealed unsafe class AvFrame : IDisposable
{
    private readonly FrameHandle _handle;

    public AvFrame()
    {
        _handle = AvUtilImports.av_frame_alloc();
        if (_handle.IsInvalid)
            throw new FFmpegException("av_frame_alloc", AvError.OutOfMemory);
    }

    public FrameHandle Handle => _handle;

    private byte* Pointer
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return (byte*)_handle.DangerousGetHandle();
        }
    }

    public int Width { get => Field<int>(NativeLayout.FrameWidth); set => Field<int>(NativeLayout.FrameWidth) = value; }
    public int Height { get => Field<int>(NativeLayout.FrameHeight); set => Field<int>(NativeLayout.FrameHeight) = value; }
    /// <summary>Samples per channel (audio).</summary>
    public int SampleCount { get => Field<int>(NativeLayout.FrameNbSamples); set => Field<int>(NativeLayout.FrameNbSamples) = value; }
    /// <summary>The raw format: an AVSampleFormat for audio, an AVPixelFormat for video.</summary>
    public int Format { get => Field<int>(NativeLayout.FrameFormat); set => Field<int>(NativeLayout.FrameFormat) = value; }
    public SampleFormat SampleFormat { get => (SampleFormat)Format; set => Format = (int)value; }
    public PixelFormat PixelFormat { get => (PixelFormat)Format; set => Format = (int)value; }
    public bool IsKeyFrame { get => Field<int>(NativeLayout.FrameKeyFrame) != 0; set => Field<int>(NativeLayout.FrameKeyFrame) = value ? 1 : 0; }
    /// <summary>Set <see cref="PictureType.I"/> before sending to an encoder to force a keyframe.</summary>
    public PictureType PictureType { get => (PictureType)Field<int>(NativeLayout.FramePictType); set => Field<int>(NativeLayout.FramePictType) = (int)value; }
    /// <summary>Presentation time in the codec's time base (AV_NOPTS_VALUE = long.MinValue when unknown).</summary>
    public long Pts { get => Field<long>(NativeLayout.FramePts); set => Field<long>(NativeLayout.FramePts) = value; }
    public int SampleRate { get => Field<int>(NativeLayout.FrameSampleRate); set => Field<int>(NativeLayout.FrameSampleRate) = value; }
    public int Channels => Field<int>(NativeLayout.FrameChLayout + NativeLayout.ChannelLayoutNbChannels);

    /// <summary>The frame's own AVChannelLayout, valid while the frame holds data.</summary>
    public AvChannelLayout* ChannelLayout => (AvChannelLayout*)(Pointer + NativeLayout.FrameChLayout);

    /// <summary>AVFrame.data: the first <see cref="NativeLayout.FrameDataPointers"/> plane pointers.</summary>
    public byte** Planes => (byte**)(Pointer + NativeLayout.FrameData);
    /// <summary>AVFrame.extended_data: all plane pointers (audio may have more planes than data[] holds).</summary>
    public byte** ExtendedPlanes => *(byte***)(Pointer + NativeLayout.FrameExtendedData);
    /// <summary>AVFrame.linesize.</summary>
    public int* LineSizes => (int*)(Pointer + NativeLayout.FrameLinesize);

    public int LineSize(int plane) => LineSizes[CheckPlane(plane)];

    /// <summary>Bytes of one plane: <c>linesize * rows</c> for video, <c>linesize</c> for audio.</summary>
    public Span<byte> Plane(int plane, int length) => new(Planes[CheckPlane(plane)], length);

    /// <summary>Allocates sample buffers for <paramref name="sampleCount"/> samples (drops any held buffers).</summary>
    public void AllocateAudio(SampleFormat format, int channels, int sampleRate, int sampleCount)
    {
        Unref();
        SampleFormat = format;
        SampleRate = sampleRate;
        SampleCount = sampleCount;
        var layout = AvChannelLayout.Default(channels);
        FFmpegException.ThrowIfError(AvUtilImports.av_channel_layout_copy(ChannelLayout, &layout), "av_channel_layout_copy");
        FFmpegException.ThrowIfError(AvUtilImports.av_frame_get_buffer(_handle, 0), "av_frame_get_buffer(audio)");
    }

    /// <summary>Allocates a picture (drops any held buffers).</summary>
    public void AllocateVideo(PixelFormat format, int width, int height)
    {
        Unref();
        PixelFormat = format;
        Width = width;
        Height = height;
        FFmpegException.ThrowIfError(AvUtilImports.av_frame_get_buffer(_handle, 0), "av_frame_get_buffer(video)");
    }

    /// <summary>
    /// Ensures the buffers are not shared (an encoder may still hold a reference to the last frame
    /// sent); copies them if they are. Call before writing into a frame that was sent before.
    /// </summary>
    public void MakeWritable() =>
        FFmpegException.ThrowIfError(AvUtilImports.av_frame_make_writable(_handle), "av_frame_make_writable");

    /// <summary>Fills samples [offset, offset+count) of every channel with silence.</summary>
    public void SetSilence(int offset, int count) =>
        FFmpegException.ThrowIfError(
            AvUtilImports.av_samples_set_silence(ExtendedPlanes, offset, count, Channels, Format), "av_samples_set_silence");

    /// <summary>Makes this frame share <paramref name="source"/>'s buffers and fields (no pixel copy).</summary>
    public void ReferTo(AvFrame source)
    {
        Unref();
        FFmpegException.ThrowIfError(AvUtilImports.av_frame_ref(_handle, source._handle), "av_frame_ref");
    }

    /// <summary>Drops the buffers and resets the fields; the AVFrame itself is kept for reuse.</summary>
    public void Unref() => AvUtilImports.av_frame_unref(_handle);

    public void Dispose() => _handle.Dispose();

    private ref T Field<T>(int offset) where T : unmanaged => ref *(T*)(Pointer + offset);

    private static int CheckPlane(int plane) =>
        (uint)plane < NativeLayout.FrameDataPointers ? plane : throw new ArgumentOutOfRangeException(nameof(plane));
}
