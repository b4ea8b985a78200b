using InteropGateway.Adapters.Udp.Native;
using InteropGateway.Adapters.Udp.Srt.Sessions;
using InteropGateway.Core.Relay;

namespace InteropGateway.Adapters.Udp.Srt.Caller;

internal enum SrtRouteDirection { Push, Pull }

internal enum SrtRouteState
{
    /// <summary>Push: the local stream is not live; the push starts when it is published.</summary>
    WaitingForStream,
    Connecting,
    /// <summary>Connected: sending (push) or receiving and publishing (pull).</summary>
    Streaming,
    /// <summary>The last attempt failed; the next starts after the backoff delay.</summary>
    Retrying,
}

/// <summary>
/// One caller route as an operator sees it (GET /api/srt/routes). Written by its runner, read by the
/// API at any time; each field is independently current, which is all a report needs.
/// </summary>
internal sealed class SrtRoute(string id, string origin, SrtRouteDirection direction, StreamKey stream, SrtUrl url)
{
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _published = new(0);
    private volatile SrtRouteState _state = SrtRouteState.Connecting;
    private long _stateSinceTicks = DateTimeOffset.UtcNow.UtcTicks;
    private int _retries;
    private string? _lastError;
    private SrtSocket? _socket;

    public string Id { get; } = id;
    /// <summary>"config" or "api".</summary>
    public string Origin { get; } = origin;
    public SrtRouteDirection Direction { get; } = direction;
    public StreamKey Stream { get; } = stream;
    public SrtUrl Url { get; } = url;
    public SrtRouteState State => _state;
    public int Retries => Volatile.Read(ref _retries);
    public string? LastError => Volatile.Read(ref _lastError);
    public Task Running { get; set; } = Task.CompletedTask;
    public CancellationToken Stopping => _stop.Token;

    public void Stop() => _stop.Cancel();

    internal void Enter(SrtRouteState state)
    {
        Interlocked.Exchange(ref _stateSinceTicks, DateTimeOffset.UtcNow.UtcTicks);
        _state = state;
    }

    internal void Connected(SrtSocket? socket)
    {
        Volatile.Write(ref _socket, socket);
        if (socket is not null)
            Enter(SrtRouteState.Streaming);
    }

    internal void Failed(string error)
    {
        Volatile.Write(ref _lastError, error);
        Interlocked.Increment(ref _retries);
        Enter(SrtRouteState.Retrying);
    }

    /// <summary>The hub published this route's stream: a waiting push starts now rather than at its next poll.</summary>
    internal void WakeForPublish()
    {
        if (_published.CurrentCount == 0)
            _published.Release();
    }

    internal Task<bool> WaitForPublishAsync(TimeSpan poll, CancellationToken cancellationToken) => _published.WaitAsync(poll, cancellationToken);

    public object Describe() => new
    {
        id = Id,
        origin = Origin,
        direction = Direction == SrtRouteDirection.Push ? "push" : "pull",
        stream = Stream.ToString(),
        url = Url.Redacted,
        state = State.ToString(),
        since = new DateTimeOffset(Interlocked.Read(ref _stateSinceTicks), TimeSpan.Zero),
        retries = Retries,
        lastError = LastError,
        link = Volatile.Read(ref _socket) is { } socket ? SrtLinkStats.Snapshot(socket) : null,
    };
}
