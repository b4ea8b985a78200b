using System.Text;

namespace InteropGateway.Matrix;

/// <summary>The routes of every track of one source stream into one sink protocol.</summary>
public sealed class RoutePlan
{
    public RoutePlan(MatrixCell cell, IReadOnlyList<TrackRoute> tracks)
    {
        Cell = cell;
        Tracks = tracks;
    }

    /// <summary>The matrix cell the plan was made from.</summary>
    public MatrixCell Cell { get; }

    public string SourceProtocol => Cell.Source;

    public string SinkProtocol => Cell.Sink;

    /// <summary>One route per source track, in source track order.</summary>
    public IReadOnlyList<TrackRoute> Tracks { get; }

    /// <summary>At least one track needs a branch.</summary>
    public bool NeedsTranscode => Tracks.Any(t => t.Action == RouteAction.Transcode);

    /// <summary>At least one track cannot be served to this sink.</summary>
    public bool HasImpossible => Tracks.Any(t => t.Action == RouteAction.Impossible);

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(Cell.Name).Append(" [").Append(Cell.Label).Append("]: ");
        text.AppendJoin("; ", Tracks);
        return text.ToString();
    }
}
