namespace InteropGateway.Tests.Codecs;

/// <summary>Duration of an Opus packet from its TOC byte (RFC 6716 §3.1).</summary>
internal static class OpusPacket
{
    public static int Samples48k(ReadOnlySpan<byte> packet)
    {
        var toc = packet[0];
        var config = toc >> 3;
        var frameSamples = config switch
        {
            < 12 => new[] { 480, 960, 1920, 2880 }[config & 3],   // SILK 10/20/40/60 ms
            < 16 => new[] { 480, 960 }[config & 1],               // Hybrid 10/20 ms
            _ => new[] { 120, 240, 480, 960 }[config & 3],        // CELT 2.5/5/10/20 ms
        };
        var frames = (toc & 3) switch
        {
            0 => 1,
            1 or 2 => 2,
            _ => packet[1] & 0x3F,
        };
        return frameSamples * frames;
    }
}
