namespace InteropGateway.Adapters.WebRtc.Native;

/// <summary>srtp_err_status_t: the values the gateway looks at; any other value is passed through as a number.</summary>
public enum SrtpStatus
{
    Ok = 0,
    Fail = 1,
    BadParameter = 2,
    AllocFail = 3,
    InitFail = 5,
    AuthFail = 7,
    CipherFail = 8,
    ReplayFail = 9,
    ReplayOld = 10,
    NoContext = 13,
    ParseError = 21,
}
