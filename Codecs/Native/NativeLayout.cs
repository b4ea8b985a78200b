namespace InteropGateway.Codecs.Native;

/// <summary>
/// Every FFmpeg 5.1 struct field this binding reads or writes by offset, in one place (DESIGN §3
/// "Codecs and native libraries"). Everything else is set through AVOptions, which survive layout
/// changes. Values are for x86_64 and the libavcodec59/libavutil57 ABI; the offset probe test
/// compiles a C program against the -dev headers and compares each one, so an FFmpeg upgrade
/// fails a test rather than corrupting memory in a stream.
/// </summary>
public static class NativeLayout
{
    // AVPacket (libavcodec/packet.h)
    public const int PacketPts = 8;          // int64_t pts
    public const int PacketDts = 16;         // int64_t dts
    public const int PacketData = 24;        // uint8_t *data
    public const int PacketSize = 32;        // int size
    public const int PacketFlags = 40;       // int flags
    public const int PacketDuration = 64;    // int64_t duration

    // AVFrame (libavutil/frame.h)
    public const int FrameData = 0;          // uint8_t *data[AV_NUM_DATA_POINTERS]
    public const int FrameLinesize = 64;     // int linesize[AV_NUM_DATA_POINTERS]
    public const int FrameExtendedData = 96; // uint8_t **extended_data
    public const int FrameWidth = 104;       // int width
    public const int FrameHeight = 108;      // int height
    public const int FrameNbSamples = 112;   // int nb_samples
    public const int FrameFormat = 116;      // int format (AVPixelFormat or AVSampleFormat)
    public const int FrameKeyFrame = 120;    // int key_frame
    public const int FramePictType = 124;    // enum AVPictureType pict_type
    public const int FramePts = 136;         // int64_t pts
    public const int FrameSampleRate = 208;  // int sample_rate
    public const int FrameChLayout = 448;    // AVChannelLayout ch_layout

    // AVCodecContext (libavcodec/avcodec.h): only what has no AVOption.
    public const int CodecContextExtradata = 88;      // uint8_t *extradata (no AVOption)
    public const int CodecContextExtradataSize = 96;  // int extradata_size
    public const int CodecContextSampleFmt = 360;     // enum AVSampleFormat sample_fmt (no AVOption in 5.1)
    public const int CodecContextFramerate = 712;     // AVRational framerate (no AVOption in 5.1)

    // AVChannelLayout (libavutil/channel_layout.h), mirrored by the AvChannelLayout struct.
    public const int ChannelLayoutOrder = 0;
    public const int ChannelLayoutNbChannels = 4;
    public const int ChannelLayoutMask = 8;           // union u { uint64_t mask; AVChannelCustom *map; }
    public const int ChannelLayoutOpaque = 16;
    public const int ChannelLayoutSize = 24;

    // AVRational (libavutil/rational.h), mirrored by the Rational struct.
    public const int RationalSize = 8;

    // AVDictionaryEntry (libavutil/dict.h)
    public const int DictionaryEntryKey = 0;
    public const int DictionaryEntryValue = 8;

    /// <summary>AV_NUM_DATA_POINTERS: planes addressable through AVFrame.data.</summary>
    public const int FrameDataPointers = 8;
    /// <summary>AV_INPUT_BUFFER_PADDING_SIZE: zeroed bytes decoders may over-read past the input.</summary>
    public const int InputBufferPadding = 64;
    /// <summary>AV_PKT_FLAG_KEY.</summary>
    public const int PacketFlagKey = 1;
    /// <summary>AV_CODEC_FLAG_GLOBAL_HEADER.</summary>
    public const int CodecFlagGlobalHeader = 1 << 22;
    /// <summary>AV_OPT_SEARCH_CHILDREN: also look in the codec's private options.</summary>
    public const int OptionSearchChildren = 1;
    /// <summary>AV_DICT_IGNORE_SUFFIX: iterate all entries with key "".</summary>
    public const int DictionaryIgnoreSuffix = 2;
    /// <summary>AV_CHANNEL_ORDER_UNSPEC.</summary>
    public const int ChannelOrderUnspecified = 0;
}
