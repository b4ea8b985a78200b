namespace InteropGateway.Adapters.WebRtc.Sdp;

/// <summary>RFC 8866 §6.7 direction attributes, from the point of view of the description's author.</summary>
public enum MediaDirection
{
    SendRecv,
    SendOnly,
    RecvOnly,
    Inactive,
}

public static class MediaDirectionNames
{
    public static string Name(this MediaDirection direction) => direction switch
    {
        MediaDirection.SendOnly => "sendonly",
        MediaDirection.RecvOnly => "recvonly",
        MediaDirection.Inactive => "inactive",
        _ => "sendrecv",
    };

    public static bool TryParse(string name, out MediaDirection direction)
    {
        switch (name)
        {
            case "sendrecv": direction = MediaDirection.SendRecv; return true;
            case "sendonly": direction = MediaDirection.SendOnly; return true;
            case "recvonly": direction = MediaDirection.RecvOnly; return true;
            case "inactive": direction = MediaDirection.Inactive; return true;
            default: direction = MediaDirection.SendRecv; return false;
        }
    }

    public static bool Sends(this MediaDirection direction) => direction is MediaDirection.SendRecv or MediaDirection.SendOnly;
    public static bool Receives(this MediaDirection direction) => direction is MediaDirection.SendRecv or MediaDirection.RecvOnly;
}
