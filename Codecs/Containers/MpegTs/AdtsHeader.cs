namespace InteropGateway.Codecs.Containers.MpegTs;

/// <summary>The 7-byte ADTS header (ISO/IEC 13818-7 §6.2, no CRC) that frames AAC in TS.</summary>
public static class AdtsHeader
{
    public const int Size = 7;
    private static readonly int[] SampleRates = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

    public static void Write(Span<byte> destination, int objectType, int sampleRate, int channelConfiguration, int rawLength)
    {
        var frameLength = Size + rawLength;
        var rateIndex = Math.Max(0, Array.IndexOf(SampleRates, sampleRate));
        var profile = Math.Clamp(objectType - 1, 0, 3);
        destination[0] = 0xFF;
        destination[1] = 0xF1; // MPEG-4, layer 0, no CRC
        destination[2] = (byte)((profile << 6) | (rateIndex << 2) | ((channelConfiguration >> 2) & 0x1));
        destination[3] = (byte)(((channelConfiguration & 0x3) << 6) | ((frameLength >> 11) & 0x3));
        destination[4] = (byte)(frameLength >> 3);
        destination[5] = (byte)(((frameLength & 0x7) << 5) | 0x1F);
        destination[6] = 0xFC; // buffer fullness 0x7FF (VBR), one raw data block
    }

    /// <summary>Reads an ADTS header: the whole frame length, the header size (7 or 9 with CRC) and the audio parameters.</summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out int frameLength, out int headerSize, out int objectType, out int sampleRate, out int channelConfiguration)
    {
        frameLength = headerSize = objectType = sampleRate = channelConfiguration = 0;
        if (data.Length < Size || data[0] != 0xFF || (data[1] & 0xF6) != 0xF0)
            return false;
        headerSize = (data[1] & 0x01) != 0 ? 7 : 9;
        objectType = (data[2] >> 6) + 1;
        var rateIndex = (data[2] >> 2) & 0x0F;
        if (rateIndex >= SampleRates.Length)
            return false;
        sampleRate = SampleRates[rateIndex];
        channelConfiguration = ((data[2] & 0x1) << 2) | (data[3] >> 6);
        frameLength = ((data[3] & 0x3) << 11) | (data[4] << 3) | (data[5] >> 5);
        return frameLength >= headerSize;
    }
}
