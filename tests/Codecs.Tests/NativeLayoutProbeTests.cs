using InteropGateway.Tests.Shared;
using System.Runtime.CompilerServices;
using InteropGateway.Codecs.Native;

namespace InteropGateway.Tests.Codecs;

/// <summary>
/// Compiles a C program with gcc against the FFmpeg -dev headers that prints offsetof()/sizeof()
/// and enum values for everything the binding maps, and compares them with <see cref="NativeLayout"/>
/// and the C# mirrors: an FFmpeg upgrade that moves a field fails here, not in a stream.
/// </summary>
public sealed class NativeLayoutProbeTests
{
    /// <summary>C expression -> the value the binding assumes.</summary>
    private static readonly (string Expression, long Expected)[] Checks =
    [
        ("offsetof(AVPacket, pts)", NativeLayout.PacketPts),
        ("offsetof(AVPacket, dts)", NativeLayout.PacketDts),
        ("offsetof(AVPacket, data)", NativeLayout.PacketData),
        ("offsetof(AVPacket, size)", NativeLayout.PacketSize),
        ("offsetof(AVPacket, flags)", NativeLayout.PacketFlags),
        ("offsetof(AVPacket, duration)", NativeLayout.PacketDuration),

        ("offsetof(AVFrame, data)", NativeLayout.FrameData),
        ("offsetof(AVFrame, linesize)", NativeLayout.FrameLinesize),
        ("offsetof(AVFrame, extended_data)", NativeLayout.FrameExtendedData),
        ("offsetof(AVFrame, width)", NativeLayout.FrameWidth),
        ("offsetof(AVFrame, height)", NativeLayout.FrameHeight),
        ("offsetof(AVFrame, nb_samples)", NativeLayout.FrameNbSamples),
        ("offsetof(AVFrame, format)", NativeLayout.FrameFormat),
        ("offsetof(AVFrame, key_frame)", NativeLayout.FrameKeyFrame),
        ("offsetof(AVFrame, pict_type)", NativeLayout.FramePictType),
        ("offsetof(AVFrame, pts)", NativeLayout.FramePts),
        ("offsetof(AVFrame, sample_rate)", NativeLayout.FrameSampleRate),
        ("offsetof(AVFrame, ch_layout)", NativeLayout.FrameChLayout),
        ("sizeof(((AVFrame*)0)->data) / sizeof(uint8_t*)", NativeLayout.FrameDataPointers),

        ("offsetof(AVCodecContext, extradata)", NativeLayout.CodecContextExtradata),
        ("offsetof(AVCodecContext, extradata_size)", NativeLayout.CodecContextExtradataSize),
        ("offsetof(AVCodecContext, sample_fmt)", NativeLayout.CodecContextSampleFmt),
        ("offsetof(AVCodecContext, framerate)", NativeLayout.CodecContextFramerate),

        ("offsetof(AVChannelLayout, order)", NativeLayout.ChannelLayoutOrder),
        ("offsetof(AVChannelLayout, nb_channels)", NativeLayout.ChannelLayoutNbChannels),
        ("offsetof(AVChannelLayout, u.mask)", NativeLayout.ChannelLayoutMask),
        ("offsetof(AVChannelLayout, opaque)", NativeLayout.ChannelLayoutOpaque),
        ("sizeof(AVChannelLayout)", NativeLayout.ChannelLayoutSize),
        ("sizeof(AVChannelLayout)", Unsafe.SizeOf<AvChannelLayout>()),
        ("offsetof(AVChannelLayout, nb_channels)", FieldOffset<AvChannelLayout>(nameof(AvChannelLayout.ChannelCount))),
        ("offsetof(AVChannelLayout, u.mask)", FieldOffset<AvChannelLayout>(nameof(AvChannelLayout.Mask))),
        ("offsetof(AVChannelLayout, opaque)", FieldOffset<AvChannelLayout>(nameof(AvChannelLayout.Opaque))),
        ("sizeof(AVRational)", NativeLayout.RationalSize),
        ("sizeof(AVRational)", Unsafe.SizeOf<Rational>()),
        ("offsetof(AVDictionaryEntry, key)", NativeLayout.DictionaryEntryKey),
        ("offsetof(AVDictionaryEntry, value)", NativeLayout.DictionaryEntryValue),

        ("AV_INPUT_BUFFER_PADDING_SIZE", NativeLayout.InputBufferPadding),
        ("AV_PKT_FLAG_KEY", NativeLayout.PacketFlagKey),
        ("AV_CODEC_FLAG_GLOBAL_HEADER", NativeLayout.CodecFlagGlobalHeader),
        ("AV_OPT_SEARCH_CHILDREN", NativeLayout.OptionSearchChildren),
        ("AV_DICT_IGNORE_SUFFIX", NativeLayout.DictionaryIgnoreSuffix),
        ("AV_CHANNEL_ORDER_UNSPEC", NativeLayout.ChannelOrderUnspecified),
        ("AVERROR(EAGAIN)", AvError.Again),
        ("AVERROR(EINVAL)", AvError.InvalidArgument),
        ("AVERROR(ENOMEM)", AvError.OutOfMemory),
        ("AVERROR_EOF", AvError.EndOfFile),
        ("AVERROR_INVALIDDATA", AvError.InvalidData),
        ("AV_NOPTS_VALUE", AvPacket.NoTimestamp),
        ("SWS_BILINEAR", VideoScaler.Bilinear),
        ("CLOCK_THREAD_CPUTIME_ID", LibcImports.ClockThreadCpuTime),
        ("sizeof(struct timespec)", Unsafe.SizeOf<LibcImports.TimeSpec>()),

        ("AV_SAMPLE_FMT_NONE", (long)SampleFormat.None),
        ("AV_SAMPLE_FMT_U8", (long)SampleFormat.U8),
        ("AV_SAMPLE_FMT_S16", (long)SampleFormat.S16),
        ("AV_SAMPLE_FMT_S32", (long)SampleFormat.S32),
        ("AV_SAMPLE_FMT_FLT", (long)SampleFormat.Flt),
        ("AV_SAMPLE_FMT_DBL", (long)SampleFormat.Dbl),
        ("AV_SAMPLE_FMT_U8P", (long)SampleFormat.U8P),
        ("AV_SAMPLE_FMT_S16P", (long)SampleFormat.S16P),
        ("AV_SAMPLE_FMT_S32P", (long)SampleFormat.S32P),
        ("AV_SAMPLE_FMT_FLTP", (long)SampleFormat.FltP),
        ("AV_SAMPLE_FMT_DBLP", (long)SampleFormat.DblP),
        ("AV_PIX_FMT_NONE", (long)PixelFormat.None),
        ("AV_PIX_FMT_YUV420P", (long)PixelFormat.Yuv420P),
        ("AV_PIX_FMT_YUYV422", (long)PixelFormat.Yuyv422),
        ("AV_PIX_FMT_RGB24", (long)PixelFormat.Rgb24),
        ("AV_PIX_FMT_BGR24", (long)PixelFormat.Bgr24),
        ("AV_PIX_FMT_YUV422P", (long)PixelFormat.Yuv422P),
        ("AV_PIX_FMT_YUV444P", (long)PixelFormat.Yuv444P),
        ("AV_PIX_FMT_YUVJ420P", (long)PixelFormat.Yuvj420P),
        ("AV_PIX_FMT_NV12", (long)PixelFormat.Nv12),
        ("AV_PICTURE_TYPE_NONE", (long)PictureType.None),
        ("AV_PICTURE_TYPE_I", (long)PictureType.I),
        ("AV_PICTURE_TYPE_P", (long)PictureType.P),
        ("AV_PICTURE_TYPE_B", (long)PictureType.B),
        ("LIBAVCODEC_VERSION_MAJOR", 59),
        ("LIBAVUTIL_VERSION_MAJOR", 57),
        ("LIBSWRESAMPLE_VERSION_MAJOR", 4),
        ("LIBSWSCALE_VERSION_MAJOR", 6),
    ];

    [Fact]
    public void Every_mapped_offset_size_and_constant_matches_the_installed_headers()
    {
        var printed = CompileAndRunProbe();
        var mismatches = new List<string>();
        for (var i = 0; i < Checks.Length; i++)
        {
            if (printed[i] != Checks[i].Expected)
                mismatches.Add($"{Checks[i].Expression}: headers say {printed[i]}, binding assumes {Checks[i].Expected}");
        }
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    [Fact]
    public void Loaded_libraries_are_the_versions_the_headers_describe()
    {
        Assert.StartsWith("libavcodec 59.", FFmpegLibrary.Versions);
        Assert.Contains("libavutil 57.", FFmpegLibrary.Versions);
        Assert.Contains("libswresample 4.", FFmpegLibrary.Versions);
        Assert.Contains("libswscale 6.", FFmpegLibrary.Versions);
    }

    private static long[] CompileAndRunProbe() =>
        CHeaderProbe.Evaluate(
            ["stdint.h", "time.h", "libavcodec/avcodec.h", "libavutil/avutil.h", "libavutil/frame.h", "libavutil/opt.h",
             "libavutil/dict.h", "libavutil/channel_layout.h", "libswresample/swresample.h", "libswscale/swscale.h"],
            Checks.Select(c => c.Expression).ToArray(), "-I/usr/include/x86_64-linux-gnu");

    private static long FieldOffset<T>(string field) =>
        System.Runtime.InteropServices.Marshal.OffsetOf<T>(field).ToInt64();
}
