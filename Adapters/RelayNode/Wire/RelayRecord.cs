using InteropGateway.Codecs.Media;

namespace InteropGateway.Adapters.RelayNode.Wire;

/// <summary>
/// One decoded record. For <see cref="RelayRecordType.Frame"/> the caller owns <see cref="Frame"/>
/// (a rented <see cref="MediaFrame"/>) and must publish or release it.
/// </summary>
public readonly record struct RelayRecord(RelayRecordType Type, string? Text = null, int TrackId = 0,
    TrackConfig? Track = null, MediaFrame? Frame = null)
{
    /// <summary>The source protocol of a Hello record.</summary>
    public string? Protocol => Type == RelayRecordType.Hello ? Text : null;
    /// <summary>The reason of an End record.</summary>
    public string? Reason => Type == RelayRecordType.End ? Text : null;
}
