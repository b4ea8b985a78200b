namespace InteropGateway.Adapters.WebRtc.Rtp.Rtcp;

/// <summary>
/// How long to wait before the next report of a session: RFC 3550 §6.2 with a fixed minimum
/// instead of the bandwidth-based computation (a WebRTC session has a handful of SSRCs, so the
/// minimum always wins), randomized to 0.5-1.5x (§6.3.1) so sessions started together don't
/// report in lockstep.
/// </summary>
public static class RtcpInterval
{
    public static readonly TimeSpan Nominal = TimeSpan.FromSeconds(1);

    /// <param name="uniform">A random number in [0, 1).</param>
    public static TimeSpan Next(double uniform) => Nominal * (0.5 + uniform);

    public static TimeSpan Next() => Next(Random.Shared.NextDouble());
}
