namespace InteropGateway.Adapters.RelayNode.Wire;

/// <summary>Why a relay body was rejected; the link is closed with this reason.</summary>
public enum RelayWireError
{
    BadMagic,
    UnsupportedVersion,
    MissingHello,
    UnknownRecordType,
    RecordTooLarge,
    TooManyTracks,
    ConfigTooLarge,
    UnknownCodec,
    UnknownTrack,
    MalformedRecord,
    Truncated,
}

public sealed class RelayWireException(RelayWireError error, string message) : Exception(message)
{
    public RelayWireError Error { get; } = error;
}
