namespace InteropGateway.Adapters.RelayNode.Wire;

/// <summary>
/// Bounds the reader enforces before it allocates anything a peer asked for. The defaults fit any
/// live stream the gateway carries (an 8 MiB access unit is a 4K intra picture at a silly bitrate).
/// </summary>
public sealed record RelayWireLimits
{
    public int MaxFrameBytes { get; init; } = 8 * 1024 * 1024;
    public int MaxTracks { get; init; } = 8;
    public int MaxConfigBytes { get; init; } = 64 * 1024;
    public int MaxReasonBytes { get; init; } = 1024;

    public static RelayWireLimits Default { get; } = new();
}
