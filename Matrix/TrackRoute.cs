using InteropGateway.Codecs.Media;

namespace InteropGateway.Matrix;

public enum RouteAction
{
    /// <summary>The sink takes the source track as it is.</summary>
    PassThrough,

    /// <summary>A branch converts the track to <see cref="TrackRoute.TargetCodec"/>.</summary>
    Transcode,

    /// <summary>The matrix allows no way to serve this track to the sink; the egress leaves it out.</summary>
    Impossible,
}

/// <summary>How one source track reaches one sink protocol.</summary>
/// <param name="TrackIndex">Position of the track in the source track list given to the planner.</param>
/// <param name="TargetCodec">Equals SourceCodec for pass-through; <see cref="CodecId.Unknown"/> when impossible.</param>
public sealed record TrackRoute(
    int TrackIndex,
    RouteAction Action,
    CodecId SourceCodec,
    CodecId TargetCodec,
    string Reason)
{
    public override string ToString() => Action switch
    {
        RouteAction.PassThrough => $"#{TrackIndex} {SourceCodec.Name()} pass-through",
        RouteAction.Transcode => $"#{TrackIndex} {SourceCodec.Name()}->{TargetCodec.Name()} transcode",
        _ => $"#{TrackIndex} {SourceCodec.Name()} impossible ({Reason})",
    };
}
