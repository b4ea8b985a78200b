namespace InteropGateway.Codecs.Native;

/// <summary>enum AVSampleFormat values used by the gateway (P = planar). Checked by the probe.</summary>
public enum SampleFormat
{
    None = -1,
    U8 = 0,
    S16 = 1,
    S32 = 2,
    Flt = 3,
    Dbl = 4,
    U8P = 5,
    S16P = 6,
    S32P = 7,
    FltP = 8,
    DblP = 9,
}
