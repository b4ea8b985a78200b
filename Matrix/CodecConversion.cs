using InteropGateway.Codecs.Media;

namespace InteropGateway.Matrix;

/// <summary>One conversion a matrix cell allows, written "aac->opus" in the matrix file.</summary>
public readonly record struct CodecConversion(CodecId From, CodecId To)
{
    public MediaKind Kind => From.Kind();

    public override string ToString() => $"{From.Name()}->{To.Name()}";
}
