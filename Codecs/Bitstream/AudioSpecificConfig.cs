namespace InteropGateway.Codecs.Bitstream;

/// <summary>
/// ISO/IEC 14496-3 AudioSpecificConfig: the AAC extradata of FLV sequence headers and MP4.
/// Reads the object type (with the 31 escape), the sampling frequency (index or explicit 24-bit
/// value) and the channel configuration; explicit SBR/PS signalling yields the output rate.
/// </summary>
public readonly record struct AudioSpecificConfig(int ObjectType, int SampleRate, int ChannelConfiguration, int ExtensionSampleRate)
{
    private const int ObjectTypeSbr = 5;
    private const int ObjectTypePs = 29;
    private const int ExplicitFrequencyIndex = 15;

    private static readonly int[] SampleRates =
        [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

    /// <summary>Channel count; 0 when the layout is defined by a program config element.</summary>
    public int Channels => ChannelConfiguration switch
    {
        >= 1 and <= 6 => ChannelConfiguration,
        7 => 8,
        _ => 0,
    };

    /// <summary>The decoded output rate: the SBR extension rate when signalled explicitly.</summary>
    public int OutputSampleRate => ExtensionSampleRate > 0 ? ExtensionSampleRate : SampleRate;

    public static bool TryParse(ReadOnlySpan<byte> data, out AudioSpecificConfig config)
    {
        config = default;
        var bits = new BitReader(data);
        var objectType = ReadObjectType(ref bits);
        var sampleRate = ReadSampleRate(ref bits);
        var channelConfiguration = (int)bits.ReadBits(4);
        var extensionRate = 0;
        if (objectType is ObjectTypeSbr or ObjectTypePs)
        {
            // Explicit hierarchical signalling: the core object type follows the extension rate.
            extensionRate = ReadSampleRate(ref bits);
            objectType = ReadObjectType(ref bits);
        }
        if (bits.IsOverrun || objectType == 0 || sampleRate <= 0 || extensionRate < 0)
            return false;
        config = new AudioSpecificConfig(objectType, sampleRate, channelConfiguration, extensionRate);
        return true;
    }

    /// <summary>Builds the 2-byte form (rate must be one of the indexed rates).</summary>
    public static byte[] Build(int objectType, int sampleRate, int channelConfiguration)
    {
        var index = Array.IndexOf(SampleRates, sampleRate);
        if (index < 0 || objectType is <= 0 or >= 31 || channelConfiguration is < 0 or > 15)
            throw new ArgumentException("unsupported AAC parameters for a 2-byte AudioSpecificConfig");
        var value = (objectType << 11) | (index << 7) | (channelConfiguration << 3);
        return [(byte)(value >> 8), (byte)value];
    }

    private static int ReadObjectType(ref BitReader bits)
    {
        var objectType = (int)bits.ReadBits(5);
        return objectType == 31 ? 32 + (int)bits.ReadBits(6) : objectType;
    }

    /// <summary>Returns -1 for the reserved indices 13 and 14.</summary>
    private static int ReadSampleRate(ref BitReader bits)
    {
        var index = (int)bits.ReadBits(4);
        if (index == ExplicitFrequencyIndex)
            return (int)bits.ReadBits(24);
        return index < SampleRates.Length ? SampleRates[index] : -1;
    }
}
