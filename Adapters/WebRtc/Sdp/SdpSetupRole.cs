namespace InteropGateway.Adapters.WebRtc.Sdp;

/// <summary>RFC 4145/8842 <c>a=setup</c>: which side starts the DTLS handshake (active = DTLS client).</summary>
public enum SdpSetupRole
{
    ActPass,
    Active,
    Passive,
    HoldConn,
}

public static class SdpSetupRoleNames
{
    public static string Name(this SdpSetupRole role) => role switch
    {
        SdpSetupRole.Active => "active",
        SdpSetupRole.Passive => "passive",
        SdpSetupRole.HoldConn => "holdconn",
        _ => "actpass",
    };

    public static bool TryParse(string? value, out SdpSetupRole role)
    {
        switch (value)
        {
            case "actpass": role = SdpSetupRole.ActPass; return true;
            case "active": role = SdpSetupRole.Active; return true;
            case "passive": role = SdpSetupRole.Passive; return true;
            case "holdconn": role = SdpSetupRole.HoldConn; return true;
            default: role = SdpSetupRole.ActPass; return false;
        }
    }
}
