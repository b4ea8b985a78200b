namespace InteropGateway.Core.Relay;

/// <summary>Delays between reconnect attempts of outgoing links (CDN, relay node, SRT caller): the minimum, doubling after each failure, capped; back to the minimum after a success.</summary>
public sealed class ReconnectBackoff(TimeSpan min, TimeSpan max)
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
