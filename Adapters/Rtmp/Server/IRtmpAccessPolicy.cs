using InteropGateway.Core.Relay;
using InteropGateway.Core.Sessions;

namespace InteropGateway.Adapters.Rtmp.Server;

/// <summary>A refusal in RTMP's terms: the onStatus code and a description the client shows or logs.</summary>
internal readonly record struct RtmpRefusal(string Code, string Description);

/// <summary>
/// Decides whether a session may publish or play a key (e.g. signed mini-program URLs). The query
/// is what followed '?' in the stream name, or else in the app name of connect.
/// </summary>
internal interface IRtmpAccessPolicy
{
    /// <summary>Null admits the publisher; admitting may end a stale earlier session on the same key (a quick reconnect).</summary>
    RtmpRefusal? CheckPublish(StreamKey key, string query, SessionInfo session);
    RtmpRefusal? CheckPlay(StreamKey key, string query, SessionInfo session);

    /// <summary>
    /// Called once the publisher holds the key; <paramref name="close"/> ends its session, for a
    /// policy that lets a reconnecting publisher replace a stale connection.
    /// </summary>
    void OnPublished(Publication publication, Action<string> close);
}
