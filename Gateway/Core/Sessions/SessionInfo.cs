using System.Net;

namespace InteropGateway.Core.Sessions;

/// <summary>
/// Who is on the other end of a publish or play session, for logs and /api/streams.
/// <paramref name="Protocol"/> is a matrix key (<see cref="InteropGateway.Matrix.Protocols"/>).
/// </summary>
public sealed record SessionInfo(string Protocol, EndPoint? Remote, string SessionId)
{
    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    /// <summary>How the protocol is carried when it has several ways ("rtmp", "http-flv", ...); defaults to the protocol.</summary>
    public string Transport { get; init; } = Protocol;

    /// <summary>
    /// Figures of the link under the session (SRT: RTT, loss, retransmissions, bandwidth), taken when
    /// /api/streams is read; null for protocols that have none. Must be quick and must not throw.
    /// </summary>
    public Func<object?>? LinkStats { get; init; }

    public override string ToString() => $"{Transport} {SessionId} from {Remote?.ToString() ?? "in-process"}";

    private static long _nextId;

    /// <summary>Short unique ids ("s1", "s2", ...) so log lines of one session are easy to grep.</summary>
    public static string NewId() => "s" + Interlocked.Increment(ref _nextId);
}
