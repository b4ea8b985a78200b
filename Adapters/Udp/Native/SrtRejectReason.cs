using System.Runtime.InteropServices;

namespace InteropGateway.Adapters.Udp.Native;

/// <summary>
/// Handshake reject reasons: below 1000 libsrt's own (SRT_REJ_*), 1000-1999 the access-control codes
/// of the SRT spec (SRT_REJX_*, access_control.h, mostly HTTP status + 1000), 2000+ user codes.
/// </summary>
internal static class SrtRejectReason
{
    public const int Peer = 2;               // SRT_REJ_PEER
    public const int BadSecret = 10;         // SRT_REJ_BADSECRET: wrong passphrase
    public const int Unsecure = 11;          // SRT_REJ_UNSECURE: passphrase on one side only
    public const int Timeout = 16;           // SRT_REJ_TIMEOUT

    public const int BadRequest = 1400;      // SRT_REJX_BAD_REQUEST: malformed stream id
    public const int Unauthorized = 1401;    // SRT_REJX_UNAUTHORIZED
    public const int Forbidden = 1403;       // SRT_REJX_FORBIDDEN
    public const int NotFound = 1404;        // SRT_REJX_NOTFOUND: nothing to play under that name
    public const int BadMode = 1405;         // SRT_REJX_BAD_MODE: m= other than publish/request
    public const int Conflict = 1409;        // SRT_REJX_CONFLICT: the stream already has a publisher
    public const int UnsupportedMedia = 1415;// SRT_REJX_NOTSUP_MEDIA: t= other than stream
    public const int InternalError = 1500;   // SRT_REJX_ISE

    /// <summary>"1409 conflict", "10 Incorrect passphrase": the code and its meaning, for logs and errors.</summary>
    public static unsafe string Describe(int code) => code switch
    {
        BadRequest => "1400 bad request",
        Unauthorized => "1401 unauthorized",
        Forbidden => "1403 forbidden",
        NotFound => "1404 not found",
        BadMode => "1405 bad mode",
        Conflict => "1409 conflict",
        UnsupportedMedia => "1415 unsupported media",
        InternalError => "1500 internal server error",
        < 1000 => $"{code} {Marshal.PtrToStringUTF8((nint)SrtImports.RejectReasonText(code))}",
        _ => $"{code} {(code < 2000 ? "access control" : "user defined")}",
    };
}
