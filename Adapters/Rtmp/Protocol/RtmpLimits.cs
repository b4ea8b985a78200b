namespace InteropGateway.Adapters.Rtmp.Protocol;

/// <summary>
/// Bounds checked against every size a peer claims, before anything is allocated for it.
/// Defaults are generous for real encoders (OBS uses 4 KiB chunks; a 4K keyframe fits in 8 MiB).
/// </summary>
public sealed record RtmpLimits
{
    public static RtmpLimits Default { get; } = new();

    /// <summary>Largest Set Chunk Size accepted from the peer.</summary>
    public int MaxChunkSize { get; init; } = 1 << 20;

    /// <summary>Largest message (after reassembly) accepted from the peer.</summary>
    public int MaxMessageSize { get; init; } = 8 << 20;

    /// <summary>Distinct chunk stream ids one connection may use; each keeps reassembly state.</summary>
    public int MaxChunkStreams { get; init; } = 64;

    /// <summary>Deepest nesting of AMF objects/arrays in a command or data message.</summary>
    public int MaxAmfDepth { get; init; } = 32;
}
