namespace InteropGateway.Adapters.RelayNode.Link;

/// <summary>
/// <see cref="Core.Sessions.SessionInfo.Transport"/> names of relay sessions. The relay role reads
/// them to keep loops out: a stream it pulled down is never pushed back up.
/// </summary>
internal static class RelayTransports
{
    /// <summary>On the upstream: a stream a relay node pushes.</summary>
    public const string Push = "relay-push";
    /// <summary>On the relay node: a stream pulled down from the upstream.</summary>
    public const string Pull = "relay-pull";
    /// <summary>The subscriber feeding a relay link (either way). Not a matrix protocol, so every track passes through untouched.</summary>
    public const string LinkProtocol = "relay";
}
