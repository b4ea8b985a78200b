using System.Collections.Immutable;
using InteropGateway.Codecs.Media;

namespace InteropGateway.Matrix;

/// <summary>One cell of the conversion table: source protocol (row) into sink protocol (column).</summary>
public sealed class MatrixCell
{
    public const string NoneLabel = "none";
    public const string MaybeLabel = "maybe";

    public MatrixCell(string source, string sink, string label, ImmutableArray<CodecConversion> conversions)
    {
        Source = source;
        Sink = sink;
        Label = label;
        Conversions = conversions.IsDefault ? [] : conversions;
        Kind = label switch
        {
            NoneLabel => MatrixCellKind.None,
            MaybeLabel => MatrixCellKind.Maybe,
            _ => MatrixCellKind.Convert,
        };
    }

    public string Source { get; }

    public string Sink { get; }

    /// <summary>The text shown in the DESIGN §2 table.</summary>
    public string Label { get; }

    public MatrixCellKind Kind { get; }

    /// <summary>The concrete conversions this cell allows; empty for "none" and usually for "maybe".</summary>
    public ImmutableArray<CodecConversion> Conversions { get; }

    public string Name => $"{Source}->{Sink}";

    public bool TryGetConversion(CodecId from, out CodecConversion conversion)
    {
        foreach (var c in Conversions)
        {
            if (c.From == from)
            {
                conversion = c;
                return true;
            }
        }
        conversion = default;
        return false;
    }

    public override string ToString() =>
        Conversions.IsEmpty ? $"{Name} [{Label}]" : $"{Name} [{Label}: {string.Join(", ", Conversions)}]";
}
