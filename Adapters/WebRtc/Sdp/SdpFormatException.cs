namespace InteropGateway.Adapters.WebRtc.Sdp;

/// <summary>
/// A session description that does not parse, or one we cannot answer. The message names the
/// 1-based line and what is wrong with it, so a WHIP/WHEP 400 body tells the peer exactly why.
/// </summary>
public sealed class SdpFormatException : FormatException
{
    public SdpFormatException(int lineNumber, string reason)
        : base(lineNumber > 0 ? $"SDP line {lineNumber}: {reason}" : $"SDP: {reason}")
    {
        LineNumber = lineNumber;
        Reason = reason;
    }

    /// <summary>1-based line number, or 0 when the problem is the description as a whole.</summary>
    public int LineNumber { get; }
    public string Reason { get; }
}
