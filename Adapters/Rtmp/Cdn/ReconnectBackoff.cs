namespace InteropGateway.Adapters.Rtmp.Cdn;

/// <summary>Delays between reconnect attempts: the minimum, doubling after each failure, capped; back to the minimum after a success.</summary>
internal sealed class ReconnectBackoff(TimeSpan min, TimeSpan max)
{
    private readonly TimeSpan _min = min;
    private TimeSpan _next = min;

    public TimeSpan Next()
    {
        var delay = _next;
        _next = TimeSpan.FromTicks(Math.Min(max.Ticks, _next.Ticks * 2));
        return delay;
    }

    public void Reset() => _next = _min;
}
