using System.Runtime.InteropServices;

namespace InteropGateway.Codecs.Native;

/// <summary>libswscale 6 (FFmpeg 5.1): picture size and pixel format conversion.</summary>
internal static unsafe partial class SwScaleImports
{
    private const string Library = "libswscale.so.6";

    [LibraryImport(Library)]
    internal static partial SwsContextHandle sws_getContext(
        int sourceWidth, int sourceHeight, int sourceFormat,
        int destinationWidth, int destinationHeight, int destinationFormat,
        int flags, nint sourceFilter, nint destinationFilter, nint parameters);

    [LibraryImport(Library)]
    internal static partial void sws_freeContext(nint context);

    [LibraryImport(Library)]
    internal static partial int sws_scale(
        SwsContextHandle context, byte** sourcePlanes, int* sourceStrides, int sliceY, int sliceHeight,
        byte** destinationPlanes, int* destinationStrides);

    [LibraryImport(Library)]
    internal static partial uint swscale_version();
}
