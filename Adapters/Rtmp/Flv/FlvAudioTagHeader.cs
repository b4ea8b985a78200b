namespace InteropGateway.Adapters.Rtmp.Flv;

public enum AacPacketType : byte
{
    SequenceHeader = 0,
    Raw = 1,
}

/// <summary>
/// The header of an FLV audio tag body / RTMP audio message: format, rate, size and channel bits
/// in one byte, plus the AAC packet type for AAC.
/// </summary>
public readonly record struct FlvAudioTagHeader(
    int SoundFormat,
    int SoundRateIndex,
    bool Is16Bit,
    bool IsStereo,
    AacPacketType AacPacketType,
    int HeaderLength)
{
    public const int SoundFormatAac = 10;
    public const int AacHeaderLength = 2;

    public bool IsAac => SoundFormat == SoundFormatAac;

    public static bool TryParse(ReadOnlySpan<byte> body, out FlvAudioTagHeader header)
    {
        header = default;
        if (body.IsEmpty)
            return false;
        var first = body[0];
        var format = first >> 4;
        var rate = (first >> 2) & 0x03;
        var is16Bit = (first & 0x02) != 0;
        var stereo = (first & 0x01) != 0;
        if (format != SoundFormatAac)
        {
            header = new FlvAudioTagHeader(format, rate, is16Bit, stereo, default, 1);
            return true;
        }
        if (body.Length < AacHeaderLength)
            return false;
        header = new FlvAudioTagHeader(format, rate, is16Bit, stereo, (AacPacketType)body[1], AacHeaderLength);
        return true;
    }
}
