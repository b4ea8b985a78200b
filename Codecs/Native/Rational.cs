using System.Runtime.InteropServices;

namespace InteropGateway.Codecs.Native;

/// <summary>AVRational: passed by value to av_opt_set_q, so it must stay two ints.</summary>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct Rational(int Numerator, int Denominator)
{
    public override string ToString() => $"{Numerator}/{Denominator}";
}
