namespace InteropGateway.Adapters.Rtmp.Flv;

public enum FlvVideoFrameType : byte
{
    Keyframe = 1,
    InterFrame = 2,
    DisposableInterFrame = 3,
    GeneratedKeyframe = 4,
    /// <summary>Video info/command frame: carries no picture.</summary>
    InfoOrCommand = 5,
}

public enum AvcPacketType : byte
{
    SequenceHeader = 0,
    Nalu = 1,
    EndOfSequence = 2,
}

/// <summary>
/// The header of an FLV video tag body / RTMP video message: 1 byte for every codec, 5 for AVC
/// (packet type and the signed 24-bit composition time offset in ms).
/// </summary>
public readonly record struct FlvVideoTagHeader(
    FlvVideoFrameType FrameType,
    int CodecId,
    AvcPacketType AvcPacketType,
    int CompositionTimeMs,
    int HeaderLength)
{
    public const int CodecIdAvc = 7;
    public const int AvcHeaderLength = 5;

    public bool IsAvc => CodecId == CodecIdAvc;
    public bool IsKeyframe => FrameType is FlvVideoFrameType.Keyframe or FlvVideoFrameType.GeneratedKeyframe;

    /// <summary>
    /// Enhanced RTMP (HEVC/AV1 by FourCC) sets the top bit of the first byte; its layout differs and
    /// it is reported as an unsupported codec by the caller.
    /// </summary>
    public bool IsEnhancedRtmp { get; init; }

    /// <summary>False when the body is too short for its own header.</summary>
    public static bool TryParse(ReadOnlySpan<byte> body, out FlvVideoTagHeader header)
    {
        header = default;
        if (body.IsEmpty)
            return false;
        var first = body[0];
        var frameType = (FlvVideoFrameType)((first >> 4) & 0x07);
        if ((first & 0x80) != 0)
        {
            header = new FlvVideoTagHeader(frameType, -1, default, 0, 1) { IsEnhancedRtmp = true };
            return true;
        }
        var codecId = first & 0x0F;
        if (codecId != CodecIdAvc)
        {
            header = new FlvVideoTagHeader(frameType, codecId, default, 0, 1);
            return true;
        }
        if (body.Length < AvcHeaderLength)
            return false;
        // Sign-extend the 24-bit composition time: B-frame streams may carry negative offsets.
        var cts = (body[2] << 16 | body[3] << 8 | body[4]) << 8 >> 8;
        header = new FlvVideoTagHeader(frameType, codecId, (AvcPacketType)body[1], cts, AvcHeaderLength);
        return true;
    }
}
