namespace InteropGateway.Adapters.WebRtc.Sessions;

/// <summary>What a WHIP/WHEP POST gets: the answer and session id, or an HTTP status with the reason.</summary>
internal sealed record SessionCreateResult(int Status, string? Answer, string? SessionId, string? Error)
{
    public static SessionCreateResult Created(string answer, string sessionId) => new(201, answer, sessionId, null);
    public static SessionCreateResult Refused(int status, string error) => new(status, null, null, error);
}
