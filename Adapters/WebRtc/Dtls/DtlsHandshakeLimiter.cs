using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace InteropGateway.Adapters.WebRtc.Dtls;

/// <summary>
/// Bounds the DTLS handshakes in progress at once, across the server. BouncyCastle's DTLS is
/// blocking, so each handshake holds a thread until it completes or times out; without a bound, a
/// flood of sessions that never finish their handshake would create threads without end. A
/// handshake over the limit is refused at once (the session fails with the reason) and logged,
/// at most once a second so the flood does not become a log flood.
/// </summary>
public sealed class DtlsHandshakeLimiter(int maxConcurrent, ILogger? logger = null)
{
    private const long LogIntervalMs = 1000;
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private int _inProgress;
    private long _refused;
    private long _lastLogMs = long.MinValue;

    public int MaxConcurrent { get; } = maxConcurrent > 0 ? maxConcurrent
        : throw new ArgumentOutOfRangeException(nameof(maxConcurrent), maxConcurrent, "must be positive");

    public int InProgress => Volatile.Read(ref _inProgress);

    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>True when there is room now; every true must be paired with one <see cref="Exit"/>.</summary>
    public bool TryEnter()
    {
        var current = Volatile.Read(ref _inProgress);
        while (current < MaxConcurrent)
        {
            var seen = Interlocked.CompareExchange(ref _inProgress, current + 1, current);
            if (seen == current)
                return true;
            current = seen;
        }
        var refused = Interlocked.Increment(ref _refused);
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _lastLogMs);
        if (now - last >= LogIntervalMs && Interlocked.CompareExchange(ref _lastLogMs, now, last) == last)
            _logger.LogWarning("Refusing a DTLS handshake: {InProgress} in progress, the limit is {Limit} ({Refused} refused so far)",
                current, MaxConcurrent, refused);
        return false;
    }

    public void Exit() => Interlocked.Decrement(ref _inProgress);
}
