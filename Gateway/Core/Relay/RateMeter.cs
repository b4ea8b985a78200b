using System.Diagnostics;

namespace InteropGateway.Core.Relay;

/// <summary>Bytes per second over the last few whole seconds, for /api/streams. Thread-safe enough for stats: one writer.</summary>
public sealed class RateMeter
{
    private const int WindowSeconds = 5;
    private readonly long[] _buckets = new long[WindowSeconds + 1];
    private long _currentSecond = NowSecond();
    private long _total;

    public long TotalBytes => Interlocked.Read(ref _total);

    public void Add(int bytes)
    {
        Advance();
        _buckets[_currentSecond % _buckets.Length] += bytes;
        Interlocked.Add(ref _total, bytes);
    }

    /// <summary>Average bits per second over the last <see cref="WindowSeconds"/> complete seconds.</summary>
    public long BitsPerSecond
    {
        get
        {
            Advance();
            long sum = 0;
            for (var i = 1; i <= WindowSeconds; i++)
                sum += _buckets[(_currentSecond - i) % _buckets.Length];
            return sum * 8 / WindowSeconds;
        }
    }

    private void Advance()
    {
        var now = NowSecond();
        if (now == _currentSecond)
            return;
        for (var s = _currentSecond + 1; s <= now && s <= _currentSecond + _buckets.Length; s++)
            _buckets[s % _buckets.Length] = 0;
        _currentSecond = now;
    }

    private static long NowSecond() => Stopwatch.GetTimestamp() / Stopwatch.Frequency;
}
