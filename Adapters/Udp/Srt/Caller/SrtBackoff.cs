namespace InteropGateway.Adapters.Udp.Srt.Caller;

/// <summary>Delays between a route's reconnect attempts: the minimum, doubling after each failure, capped; back to the minimum once a connection worked.</summary>
internal sealed class SrtBackoff(TimeSpan min, TimeSpan max)
{
    private TimeSpan _next = min;

    public TimeSpan Next()
    {
        var delay = _next;
        _next = TimeSpan.FromTicks(Math.Min(max.Ticks, _next.Ticks * 2));
        return delay;
    }

    public void Reset() => _next = min;
}
