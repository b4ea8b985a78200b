namespace InteropGateway.Codecs.Containers.MpegTs;

/// <summary>
/// The 4-byte header of an MPEG audio frame (ISO/IEC 11172-3 §2.4.2.3, and the MPEG-2 low sample
/// rates): enough to cut a PES of MP2 audio into the canonical one-frame payloads.
/// </summary>
public readonly record struct MpegAudioFrameHeader(int FrameLength, int SampleRate, int Channels, int SamplesPerFrame)
{
    private static readonly int[] Layer2BitRatesV1 = [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 0];
    private static readonly int[] Layer2BitRatesV2 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0];
    private static readonly int[] SampleRatesV1 = [44100, 48000, 32000, 0];

    /// <summary>Reads a Layer II header; false for anything else (other layers, free format, reserved values).</summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out MpegAudioFrameHeader header)
    {
        header = default;
        if (data.Length < 4 || data[0] != 0xFF || (data[1] & 0xE0) != 0xE0)
            return false;
        var version = (data[1] >> 3) & 0x3; // 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5
        var layer = (data[1] >> 1) & 0x3;   // 2: Layer II
        if (version == 1 || layer != 2)
            return false;
        var bitRateIndex = data[2] >> 4;
        var rateIndex = (data[2] >> 2) & 0x3;
        if (SampleRatesV1[rateIndex] == 0)
            return false;
        var sampleRate = SampleRatesV1[rateIndex] >> (version == 3 ? 0 : version == 2 ? 1 : 2);
        var bitRate = (version == 3 ? Layer2BitRatesV1 : Layer2BitRatesV2)[bitRateIndex] * 1000;
        if (bitRate == 0)
            return false;
        var padding = (data[2] >> 1) & 0x1;
        var channels = (data[3] >> 6) == 3 ? 1 : 2;
        header = new MpegAudioFrameHeader(144 * bitRate / sampleRate + padding, sampleRate, channels, 1152);
        return true;
    }
}
