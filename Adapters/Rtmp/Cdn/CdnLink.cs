using InteropGateway.Core.Relay;

namespace InteropGateway.Adapters.Rtmp.Cdn;

public enum CdnLinkState
{
    /// <summary>Opening the connection, handshake, connect, publish or play.</summary>
    Connecting,
    /// <summary>Forward: pushing frames to the CDN.</summary>
    Publishing,
    /// <summary>Pull: the upstream accepted the play, no media yet (or it unpublished).</summary>
    Waiting,
    /// <summary>Pull: frames are coming in and published here.</summary>
    Playing,
    /// <summary>The last attempt failed; the next starts after the backoff delay.</summary>
    Retrying,
}

/// <summary>
/// One forward or pull as an operator sees it in /api/streams. Written by its own session task,
/// read by the API at any time: each field is independently current, which is all a report needs.
/// </summary>
public sealed class CdnLink(string direction, StreamKey stream, string url)
{
    private volatile CdnLinkState _state = CdnLinkState.Connecting;
    private int _retries;
    private string? _lastError;
    private long _frames;
    private Subscriber? _feeding;
    private long _stateSinceTicks = DateTimeOffset.UtcNow.UtcTicks; // a long, so a concurrent reader never sees half of it

    /// <summary>"forward" (we push to a CDN) or "pull" (we play from an upstream).</summary>
    public string Direction { get; } = direction;
    public StreamKey Stream { get; } = stream;
    /// <summary>Target (forward) or source (pull), with query values hidden.</summary>
    public string Url { get; } = url;
    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;
    public CdnLinkState State => _state;
    public DateTimeOffset StateSince => new(Interlocked.Read(ref _stateSinceTicks), TimeSpan.Zero);
    public int Retries => Volatile.Read(ref _retries);
    public string? LastError => Volatile.Read(ref _lastError);
    /// <summary>Frames pushed (forward) or pulled (pull) over all connections.</summary>
    public long Frames => Interlocked.Read(ref _frames) + (Volatile.Read(ref _feeding)?.FramesDelivered ?? 0);

    internal void Enter(CdnLinkState state)
    {
        Interlocked.Exchange(ref _stateSinceTicks, DateTimeOffset.UtcNow.UtcTicks);
        _state = state;
    }

    internal void Failed(string error)
    {
        Volatile.Write(ref _lastError, error);
        Interlocked.Increment(ref _retries);
        Enter(CdnLinkState.Retrying);
    }

    internal void CountFrame() => Interlocked.Increment(ref _frames);

    /// <summary>Forward: the subscription feeding the current connection, counted live; its total is kept when it ends.</summary>
    internal void Feed(Subscriber? subscriber)
    {
        if (Interlocked.Exchange(ref _feeding, subscriber) is { } previous)
            Interlocked.Add(ref _frames, previous.FramesDelivered);
    }
}
