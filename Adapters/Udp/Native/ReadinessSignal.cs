using System.Threading.Tasks.Sources;

namespace InteropGateway.Adapters.Udp.Native;

/// <summary>
/// One direction (read or write) of a socket's readiness, as the epoll thread reports it
/// edge-triggered: <see cref="Signal"/> is remembered until the next <see cref="WaitAsync"/>, so an
/// edge that arrives between a "would block" and the wait is never lost. One waiter at a time;
/// reusable, so waiting allocates nothing. Continuations run on the thread pool, never on the epoll thread.
/// </summary>
internal sealed class ReadinessSignal : IValueTaskSource
{
    private const int Idle = 0, Signaled = 1, Waiting = 2;

    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };
    private int _state;

    /// <summary>Completes at once if signaled since the last wait, else at the next signal.</summary>
    public ValueTask WaitAsync()
    {
        if (Interlocked.CompareExchange(ref _state, Idle, Signaled) == Signaled)
            return default;
        _core.Reset();
        if (Interlocked.CompareExchange(ref _state, Waiting, Idle) == Signaled)
        {
            Volatile.Write(ref _state, Idle);
            return default;
        }
        return new ValueTask(this, _core.Version);
    }

    public void Signal()
    {
        while (true)
        {
            var state = Volatile.Read(ref _state);
            if (state == Waiting)
            {
                if (Interlocked.CompareExchange(ref _state, Idle, Waiting) != Waiting)
                    continue;
                _core.SetResult(true);
                return;
            }
            if (state == Signaled || Interlocked.CompareExchange(ref _state, Signaled, Idle) == Idle)
                return;
        }
    }

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);
    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);
    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
