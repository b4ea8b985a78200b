namespace InteropGateway.Adapters.WebRtc.Native;

/// <summary>A libsrtp2 call that failed where failure means a bug or a bad key, not a bad packet.</summary>
public sealed class SrtpException(string operation, SrtpStatus status)
    : Exception($"{operation} failed: srtp_err_status {(int)status} ({status})")
{
    public SrtpStatus Status { get; } = status;
}
