using System.Runtime.InteropServices;

namespace InteropGateway.Codecs.Native;

/// <summary>
/// libavcodec 59 (FFmpeg 5.1) entry points. Raw pointers are <c>nint</c>; owned objects come back as
/// SafeHandles so the marshaller keeps them alive across each call. Only what the binding uses.
/// </summary>
internal static unsafe partial class AvCodecImports
{
    // The versioned soname: a different FFmpeg major has different struct layouts (see NativeLayout).
    private const string Library = "libavcodec.so.59";

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint avcodec_find_decoder_by_name(string name);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint avcodec_find_encoder_by_name(string name);

    [LibraryImport(Library)]
    internal static partial CodecContextHandle avcodec_alloc_context3(nint codec);

    [LibraryImport(Library)]
    internal static partial void avcodec_free_context(ref nint context);

    [LibraryImport(Library)]
    internal static partial int avcodec_open2(CodecContextHandle context, nint codec, ref nint options);

    [LibraryImport(Library)]
    internal static partial int avcodec_send_packet(CodecContextHandle context, PacketHandle packet);

    /// <summary>The flush form: a null packet enters draining mode.</summary>
    [LibraryImport(Library, EntryPoint = "avcodec_send_packet")]
    internal static partial int avcodec_send_packet_null(CodecContextHandle context, nint packet);

    [LibraryImport(Library)]
    internal static partial int avcodec_receive_frame(CodecContextHandle context, FrameHandle frame);

    [LibraryImport(Library)]
    internal static partial int avcodec_send_frame(CodecContextHandle context, FrameHandle frame);

    [LibraryImport(Library, EntryPoint = "avcodec_send_frame")]
    internal static partial int avcodec_send_frame_null(CodecContextHandle context, nint frame);

    [LibraryImport(Library)]
    internal static partial int avcodec_receive_packet(CodecContextHandle context, PacketHandle packet);

    [LibraryImport(Library)]
    internal static partial void avcodec_flush_buffers(CodecContextHandle context);

    [LibraryImport(Library)]
    internal static partial PacketHandle av_packet_alloc();

    [LibraryImport(Library)]
    internal static partial void av_packet_free(ref nint packet);

    [LibraryImport(Library)]
    internal static partial void av_packet_unref(PacketHandle packet);

    [LibraryImport(Library)]
    internal static partial int av_new_packet(PacketHandle packet, int size);

    [LibraryImport(Library)]
    internal static partial uint avcodec_version();
}
