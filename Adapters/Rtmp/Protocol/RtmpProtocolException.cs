namespace InteropGateway.Adapters.Rtmp.Protocol;

/// <summary>
/// The peer broke the RTMP protocol or a configured limit. The session closes the connection and
/// logs <see cref="Reason"/>; other sessions are unaffected (DESIGN §3 "Errors and bad input").
/// </summary>
public sealed class RtmpProtocolException : Exception
{
    public RtmpProtocolException(string reason, string message)
        : base(message)
    {
        Reason = reason;
    }

    /// <summary>A short, stable token for logs and metrics, e.g. "chunk-size-too-large".</summary>
    public string Reason { get; }
}
