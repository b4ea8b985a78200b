using System.Collections.Immutable;

namespace InteropGateway.Matrix;

/// <summary>
/// One loaded conversion matrix: the six protocol profiles and the 36 cells of DESIGN §2.
/// Immutable; a reload produces a new instance (see <see cref="MatrixStore"/>).
/// </summary>
public sealed class MatrixDefinition
{
    private readonly MatrixCell[,] _grid;

    internal MatrixDefinition(ImmutableArray<ProtocolProfile> profiles, ImmutableArray<MatrixCell> cells)
    {
        Profiles = profiles;
        Cells = cells;
        _grid = new MatrixCell[Protocols.All.Count, Protocols.All.Count];
        foreach (var cell in cells)
        {
            _grid[Protocols.IndexOf(cell.Source), Protocols.IndexOf(cell.Sink)] = cell;
        }
    }

    /// <summary>Profiles in table order (webrtc, h5, miniprogram, rtmp, udp, cdn).</summary>
    public ImmutableArray<ProtocolProfile> Profiles { get; }

    /// <summary>All 36 cells, row by row in table order.</summary>
    public ImmutableArray<MatrixCell> Cells { get; }

    /// <summary>Parses and validates a matrix file; throws <see cref="MatrixFormatException"/> naming the bad spot.</summary>
    public static MatrixDefinition Parse(string json) => MatrixFileReader.Read(json);

    public ProtocolProfile Profile(string protocol) => Profiles[IndexOrThrow(protocol, nameof(protocol))];

    public MatrixCell Cell(string source, string sink) =>
        _grid[IndexOrThrow(source, nameof(source)), IndexOrThrow(sink, nameof(sink))];

    private static int IndexOrThrow(string protocol, string parameter)
    {
        var index = Protocols.IndexOf(protocol);
        if (index < 0)
        {
            throw new ArgumentException(
                $"unknown protocol \"{protocol}\" (known: {string.Join(", ", Protocols.All)})", parameter);
        }
        return index;
    }
}
