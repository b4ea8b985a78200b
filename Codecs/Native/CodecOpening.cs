using System.Runtime.InteropServices;

namespace InteropGateway.Codecs.Native;

/// <summary>
/// The steps shared by <see cref="Decoder"/> and <see cref="Encoder"/>: find a codec by name,
/// allocate its context, copy extradata in, and open it with an AVOptions dictionary, rejecting
/// option names FFmpeg did not consume (a typo would otherwise be silently ignored).
/// </summary>
internal static unsafe class CodecOpening
{
    static CodecOpening()
    {
        // FFmpeg prints to stderr, unformatted and outside our logs, what callers already report with
        // context (a corrupt frame is counted and logged by its branch), plus x264's banner per open.
        // Quiet unless someone asked for more with FFmpegLibrary.SetLogLevel first.
        if (AvUtilImports.av_log_get_level() == FFmpegLibrary.LogInfo)
            FFmpegLibrary.SetLogLevel(FFmpegLibrary.LogQuiet);
    }

    public static (nint Codec, CodecContextHandle Context) Allocate(string codecName, bool encoder)
    {
        var codec = encoder
            ? AvCodecImports.avcodec_find_encoder_by_name(codecName)
            : AvCodecImports.avcodec_find_decoder_by_name(codecName);
        if (codec == 0)
            throw new FFmpegException(encoder ? "avcodec_find_encoder_by_name" : "avcodec_find_decoder_by_name",
                $"no {(encoder ? "encoder" : "decoder")} named '{codecName}'");
        var context = AvCodecImports.avcodec_alloc_context3(codec);
        if (context.IsInvalid)
            throw new FFmpegException("avcodec_alloc_context3", AvError.OutOfMemory);
        return (codec, context);
    }

    /// <summary>Copies extradata into an av_mallocz'd, padded buffer the context owns (freed with it).</summary>
    public static void SetExtradata(CodecContextHandle context, ReadOnlySpan<byte> extradata)
    {
        if (extradata.IsEmpty)
            return;
        var buffer = (byte*)AvUtilImports.av_mallocz((nuint)(extradata.Length + NativeLayout.InputBufferPadding));
        if (buffer == null)
            throw new FFmpegException("av_mallocz(extradata)", AvError.OutOfMemory);
        extradata.CopyTo(new Span<byte>(buffer, extradata.Length));
        var pointer = (byte*)context.DangerousGetHandle();
        *(byte**)(pointer + NativeLayout.CodecContextExtradata) = buffer;
        *(int*)(pointer + NativeLayout.CodecContextExtradataSize) = extradata.Length;
    }

    public static void Open(CodecContextHandle context, nint codec, string codecName, IReadOnlyDictionary<string, string>? options)
    {
        nint dictionary = 0;
        try
        {
            if (options is not null)
            {
                foreach (var (key, value) in options)
                    FFmpegException.ThrowIfError(AvUtilImports.av_dict_set(ref dictionary, key, value, 0), $"av_dict_set({key})");
            }
            FFmpegException.ThrowIfError(AvCodecImports.avcodec_open2(context, codec, ref dictionary), $"avcodec_open2({codecName})");
            // avcodec_open2 leaves the entries it did not recognise in the dictionary.
            var unused = AvUtilImports.av_dict_get(dictionary, "", 0, NativeLayout.DictionaryIgnoreSuffix);
            if (unused != 0)
            {
                var key = Marshal.PtrToStringUTF8(*(nint*)((byte*)unused + NativeLayout.DictionaryEntryKey));
                throw new FFmpegException($"avcodec_open2({codecName})", $"unknown option '{key}'");
            }
        }
        finally
        {
            AvUtilImports.av_dict_free(ref dictionary);
        }
    }

    public static long GetInt(CodecContextHandle context, string name)
    {
        FFmpegException.ThrowIfError(AvUtilImports.av_opt_get_int(context.DangerousGetHandle(), name, 0, out var value), $"av_opt_get_int({name})");
        return value;
    }

    public static ReadOnlySpan<byte> GetExtradata(CodecContextHandle context)
    {
        var pointer = (byte*)context.DangerousGetHandle();
        var data = *(byte**)(pointer + NativeLayout.CodecContextExtradata);
        var size = *(int*)(pointer + NativeLayout.CodecContextExtradataSize);
        return data == null || size <= 0 ? default : new ReadOnlySpan<byte>(data, size);
    }
}
