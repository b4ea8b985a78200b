using System.Runtime.InteropServices;

namespace InteropGateway.Codecs.Native;

/// <summary>libswresample 4 (FFmpeg 5.1): sample format, rate and channel layout conversion.</summary>
internal static unsafe partial class SwResampleImports
{
    private const string Library = "libswresample.so.4";

    [LibraryImport(Library)]
    internal static partial int swr_alloc_set_opts2(
        out nint context,
        AvChannelLayout* outputLayout, int outputSampleFormat, int outputSampleRate,
        AvChannelLayout* inputLayout, int inputSampleFormat, int inputSampleRate,
        int logOffset, nint logContext);

    [LibraryImport(Library)]
    internal static partial int swr_init(SwrContextHandle context);

    [LibraryImport(Library)]
    internal static partial void swr_free(ref nint context);

    [LibraryImport(Library)]
    internal static partial int swr_convert(SwrContextHandle context, byte** output, int outputCapacity, byte** input, int inputCount);

    [LibraryImport(Library)]
    internal static partial int swr_get_out_samples(SwrContextHandle context, int inputCount);

    [LibraryImport(Library)]
    internal static partial uint swresample_version();
}
