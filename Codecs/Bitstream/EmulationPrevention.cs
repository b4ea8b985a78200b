namespace InteropGateway.Codecs.Bitstream;

/// <summary>
/// H.264/H.265 emulation prevention: encoders insert 0x03 after two zero bytes so a payload never
/// contains a start code. Bit-level parsers (SPS) must read the RBSP with those bytes removed.
/// </summary>
public static class EmulationPrevention
{
    /// <summary>Copies <paramref name="nal"/> into <paramref name="rbsp"/> without the emulation prevention bytes; returns the length written.</summary>
    public static int RemoveTo(ReadOnlySpan<byte> nal, Span<byte> rbsp)
    {
        if (rbsp.Length < nal.Length)
            throw new ArgumentException("destination must be at least as long as the source", nameof(rbsp));
        var written = 0;
        var zeros = 0;
        foreach (var b in nal)
        {
            if (zeros >= 2 && b == 0x03)
            {
                zeros = 0;
                continue;
            }
            zeros = b == 0 ? zeros + 1 : 0;
            rbsp[written++] = b;
        }
        return written;
    }
}
