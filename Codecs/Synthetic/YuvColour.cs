namespace InteropGateway.Codecs.Synthetic;

/// <summary>A colour as BT.601 limited-range Y'CbCr (Y 16..235, Cb/Cr 16..240, 128 = no colour).</summary>
public readonly record struct YuvColour(byte Y, byte U, byte V)
{
    public static readonly YuvColour Black = new(16, 128, 128);
    public static readonly YuvColour White = new(235, 128, 128);

    // The seven 75% SMPTE/EBU colour bars, left to right.
    public static readonly YuvColour Grey75 = new(180, 128, 128);
    public static readonly YuvColour Yellow75 = new(162, 44, 142);
    public static readonly YuvColour Cyan75 = new(131, 156, 44);
    public static readonly YuvColour Green75 = new(112, 72, 58);
    public static readonly YuvColour Magenta75 = new(84, 184, 198);
    public static readonly YuvColour Red75 = new(65, 100, 212);
    public static readonly YuvColour Blue75 = new(35, 212, 114);
}
