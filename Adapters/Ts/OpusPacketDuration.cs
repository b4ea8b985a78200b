namespace InteropGateway.Adapters.Ts;

/// <summary>An Opus packet's duration from its TOC byte and frame count (RFC 6716 §3.1, §3.2.5).</summary>
internal static class OpusPacketDuration
{
    /// <summary>SILK-only configurations: 10, 20, 40, 60 ms.</summary>
    private static ReadOnlySpan<int> SilkFrameSamples => [480, 960, 1920, 2880];

    /// <summary>Samples at 48 kHz, or 0 for a packet too short to say or over the 120 ms limit.</summary>
    public static int SamplesAt48k(ReadOnlySpan<byte> packet)
    {
        if (packet.IsEmpty)
            return 0;
        var toc = packet[0];
        var config = toc >> 3;
        var frameSamples = config switch
        {
            < 12 => SilkFrameSamples[config & 3],
            < 16 => 480 << (config & 1), // hybrid: 10, 20 ms
            _ => 120 << (config & 3),     // CELT: 2.5, 5, 10, 20 ms
        };
        var frames = (toc & 3) switch
        {
            0 => 1,
            1 or 2 => 2,
            _ => packet.Length < 2 ? 0 : packet[1] & 0x3F,
        };
        var samples = frameSamples * frames;
        return samples <= 5760 ? samples : 0;
    }
}
