using System.Runtime.InteropServices;

namespace InteropGateway.Codecs.Native;

/// <summary>libavutil 57 (FFmpeg 5.1) entry points: frames, AVOptions, dictionaries, channel layouts, audio FIFO, errors.</summary>
internal static unsafe partial class AvUtilImports
{
    private const string Library = "libavutil.so.57";

    // ---- frames
    [LibraryImport(Library)]
    internal static partial FrameHandle av_frame_alloc();

    [LibraryImport(Library)]
    internal static partial void av_frame_free(ref nint frame);

    [LibraryImport(Library)]
    internal static partial void av_frame_unref(FrameHandle frame);

    [LibraryImport(Library)]
    internal static partial int av_frame_ref(FrameHandle destination, FrameHandle source);

    [LibraryImport(Library)]
    internal static partial int av_frame_get_buffer(FrameHandle frame, int align);

    [LibraryImport(Library)]
    internal static partial int av_frame_make_writable(FrameHandle frame);

    [LibraryImport(Library)]
    internal static partial int av_samples_set_silence(byte** audioData, int offset, int sampleCount, int channels, int sampleFormat);

    [LibraryImport(Library)]
    internal static partial int av_get_bytes_per_sample(int sampleFormat);

    // ---- memory
    [LibraryImport(Library)]
    internal static partial nint av_mallocz(nuint size);

    // ---- AVOptions (the preferred way to set AVCodecContext fields: no offsets to keep in sync)
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int av_opt_set(nint target, string name, string value, int searchFlags);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int av_opt_set_int(nint target, string name, long value, int searchFlags);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int av_opt_set_q(nint target, string name, Rational value, int searchFlags);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int av_opt_set_image_size(nint target, string name, int width, int height, int searchFlags);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int av_opt_set_pixel_fmt(nint target, string name, int pixelFormat, int searchFlags);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int av_opt_set_chlayout(nint target, string name, AvChannelLayout* layout, int searchFlags);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int av_opt_get_int(nint target, string name, int searchFlags, out long value);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int av_opt_get_q(nint target, string name, int searchFlags, out Rational value);

    // ---- dictionaries (options handed to avcodec_open2)
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int av_dict_set(ref nint dictionary, string key, string value, int flags);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint av_dict_get(nint dictionary, string key, nint previous, int flags);

    [LibraryImport(Library)]
    internal static partial void av_dict_free(ref nint dictionary);

    // ---- channel layouts
    [LibraryImport(Library)]
    internal static partial void av_channel_layout_default(AvChannelLayout* layout, int channels);

    [LibraryImport(Library)]
    internal static partial void av_channel_layout_uninit(AvChannelLayout* layout);

    [LibraryImport(Library)]
    internal static partial int av_channel_layout_copy(AvChannelLayout* destination, AvChannelLayout* source);

    // ---- audio FIFO
    [LibraryImport(Library)]
    internal static partial AudioFifoHandle av_audio_fifo_alloc(int sampleFormat, int channels, int capacity);

    [LibraryImport(Library)]
    internal static partial void av_audio_fifo_free(nint fifo);

    [LibraryImport(Library)]
    internal static partial int av_audio_fifo_write(AudioFifoHandle fifo, void** data, int sampleCount);

    [LibraryImport(Library)]
    internal static partial int av_audio_fifo_read(AudioFifoHandle fifo, void** data, int sampleCount);

    [LibraryImport(Library)]
    internal static partial int av_audio_fifo_size(AudioFifoHandle fifo);

    [LibraryImport(Library)]
    internal static partial void av_audio_fifo_reset(AudioFifoHandle fifo);

    // ---- errors, logging, version
    [LibraryImport(Library)]
    internal static partial int av_strerror(int error, byte* buffer, nuint size);

    [LibraryImport(Library)]
    internal static partial void av_log_set_level(int level);

    [LibraryImport(Library)]
    internal static partial int av_log_get_level();

    [LibraryImport(Library)]
    internal static partial uint avutil_version();
}
