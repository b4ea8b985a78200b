using InteropGateway.Codecs.Media;

namespace InteropGateway.Matrix;

/// <summary>
/// Settles, per source track, whether a sink gets it as is, through a branch, or not at all
/// (DESIGN §3 "Router and branches"). Pure: same matrix and inputs, same plan.
/// </summary>
public static class RoutePlanner
{
    /// <summary>
    /// Rules, in order: the sink accepts the codec -> pass through (even in a converting cell);
    /// the cell lists a conversion from the codec -> transcode; a "maybe" cell -> transcode to the
    /// sink's preferred codec of that kind, as does a diagonal "none" cell for a codec the protocol
    /// ingests but does not serve (WebRTC's VP8 for WebRTC viewers); otherwise impossible, naming the cell.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown protocol key.</exception>
    public static RoutePlan Plan(
        MatrixDefinition matrix,
        string sourceProtocol,
        IReadOnlyList<CodecId> sourceTrackCodecs,
        string sinkProtocol)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(sourceTrackCodecs);
        var cell = matrix.Cell(Normalize(sourceProtocol), Normalize(sinkProtocol));
        var sink = matrix.Profile(cell.Sink);

        var routes = new TrackRoute[sourceTrackCodecs.Count];
        for (var i = 0; i < routes.Length; i++)
        {
            routes[i] = PlanTrack(i, sourceTrackCodecs[i], cell, sink);
        }
        return new RoutePlan(cell, routes);
    }

    private static TrackRoute PlanTrack(int index, CodecId codec, MatrixCell cell, ProtocolProfile sink)
    {
        var name = codec.Name();
        if (codec == CodecId.Unknown)
        {
            return new TrackRoute(index, RouteAction.Impossible, codec, CodecId.Unknown,
                $"{cell.Name}: track {index} has an unknown codec");
        }
        if (sink.Accepts(codec))
        {
            return new TrackRoute(index, RouteAction.PassThrough, codec, codec,
                $"{cell.Name}: {name} accepted by {sink.Key}; pass through");
        }
        if (cell.TryGetConversion(codec, out var conversion))
        {
            return new TrackRoute(index, RouteAction.Transcode, codec, conversion.To,
                $"{cell.Name}: {name} not accepted by {sink.Key}; cell {cell.Label} converts {conversion}");
        }
        if (cell.Kind == MatrixCellKind.Maybe || IsOwnUnservedCodec(codec, cell, sink))
        {
            var kind = codec.Kind() == MediaKind.Video ? "video" : "audio";
            var target = sink.Preferred(codec.Kind());
            var rule = cell.Kind == MatrixCellKind.Maybe ? "cell maybe" : $"{sink.Key} may publish it, so cell none";
            return new TrackRoute(index, RouteAction.Transcode, codec, target,
                $"{cell.Name}: {name} not accepted by {sink.Key}; {rule} converts to {sink.Key}'s " +
                $"preferred {kind} codec ({name}->{target.Name()})");
        }
        var why = cell.Kind == MatrixCellKind.None
            ? $"cell none passes through only"
            : $"cell {cell.Label} has no conversion from {name}";
        return new TrackRoute(index, RouteAction.Impossible, codec, CodecId.Unknown,
            $"{cell.Name}: {name} not accepted by {sink.Key} " +
            $"(accepts {string.Join(", ", sink.SinkCodecs.Select(c => c.Name()))}) and {why}");
    }

    /// <summary>
    /// A protocol's viewers can't be refused what its own publishers may send: on the diagonal, a
    /// codec the protocol ingests but does not serve (WebRTC's VP8) goes to its preferred codec.
    /// </summary>
    private static bool IsOwnUnservedCodec(CodecId codec, MatrixCell cell, ProtocolProfile sink) =>
        cell.Kind == MatrixCellKind.None && cell.Source == cell.Sink && sink.Ingests(codec);

    private static string Normalize(string protocol)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        return protocol.Trim().ToLowerInvariant();
    }
}
