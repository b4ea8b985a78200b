using InteropGateway.Codecs.Media;

namespace InteropGateway.Adapters.Rtmp.Flv;

/// <summary>
/// The small headers that turn a core frame or track config into an FLV tag body / RTMP media
/// message. Callers write header + shared payload as two spans (ChunkWriter, FlvFileWriter), so
/// the payload is never copied per viewer.
/// </summary>
public static class FlvEgressWriter
{
    /// <summary>Large enough for any header written here.</summary>
    public const int MaxTagHeaderLength = 5;

    // FLV's AAC audio byte: format 10, and per the FLV spec always "44 kHz, 16-bit, stereo";
    // the real rate and channels come from the AudioSpecificConfig.
    private const byte AacAudioByte = (10 << 4) | (3 << 2) | (1 << 1) | 1;

    /// <summary>Header of an AVC NALU tag for <paramref name="frame"/>; cts = (pts - dts) in ms.</summary>
    public static int WriteAvcNaluPrefix(Span<byte> destination, MediaFrame frame)
    {
        var cts = Timebase.ToMilliseconds(frame.Pts - frame.Dts);
        return WriteVideoHeader(destination, frame.IsKeyframe, AvcPacketType.Nalu, (int)Math.Clamp(cts, -0x800000, 0x7FFFFF));
    }

    /// <summary>Header of the AVC sequence header tag; the body is the track's AVCDecoderConfigurationRecord (TrackConfig.Extradata).</summary>
    public static int WriteAvcSequenceHeaderPrefix(Span<byte> destination) =>
        WriteVideoHeader(destination, keyframe: true, AvcPacketType.SequenceHeader, 0);

    /// <summary>Header of the AVC end-of-sequence tag (empty body), sent when a stream ends.</summary>
    public static int WriteAvcEndOfSequencePrefix(Span<byte> destination) =>
        WriteVideoHeader(destination, keyframe: true, AvcPacketType.EndOfSequence, 0);

    public static int WriteVideoHeader(Span<byte> destination, bool keyframe, AvcPacketType packetType, int compositionTimeMs)
    {
        var frameType = keyframe ? FlvVideoFrameType.Keyframe : FlvVideoFrameType.InterFrame;
        destination[0] = (byte)(((int)frameType << 4) | FlvVideoTagHeader.CodecIdAvc);
        destination[1] = (byte)packetType;
        destination[2] = (byte)(compositionTimeMs >> 16);
        destination[3] = (byte)(compositionTimeMs >> 8);
        destination[4] = (byte)compositionTimeMs;
        return FlvVideoTagHeader.AvcHeaderLength;
    }

    /// <summary>Header of the AAC sequence header tag; the body is the AudioSpecificConfig (TrackConfig.Extradata).</summary>
    public static int WriteAacSequenceHeaderPrefix(Span<byte> destination) => WriteAacHeader(destination, AacPacketType.SequenceHeader);

    /// <summary>Header of an AAC raw frame tag; the body is the access unit.</summary>
    public static int WriteAacRawPrefix(Span<byte> destination) => WriteAacHeader(destination, AacPacketType.Raw);

    private static int WriteAacHeader(Span<byte> destination, AacPacketType packetType)
    {
        destination[0] = AacAudioByte;
        destination[1] = (byte)packetType;
        return FlvAudioTagHeader.AacHeaderLength;
    }

    /// <summary>Whole AVC sequence header body (header + record), for callers that need one buffer.</summary>
    public static byte[] BuildAvcSequenceHeader(TrackConfig config)
    {
        var body = new byte[FlvVideoTagHeader.AvcHeaderLength + config.Extradata.Length];
        WriteAvcSequenceHeaderPrefix(body);
        config.Extradata.Span.CopyTo(body.AsSpan(FlvVideoTagHeader.AvcHeaderLength));
        return body;
    }

    /// <summary>Whole AAC sequence header body (header + AudioSpecificConfig).</summary>
    public static byte[] BuildAacSequenceHeader(TrackConfig config)
    {
        var body = new byte[FlvAudioTagHeader.AacHeaderLength + config.Extradata.Length];
        WriteAacSequenceHeaderPrefix(body);
        config.Extradata.Span.CopyTo(body.AsSpan(FlvAudioTagHeader.AacHeaderLength));
        return body;
    }
}
