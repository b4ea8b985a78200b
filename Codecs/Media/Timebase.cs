namespace InteropGateway.Codecs.Media;

/// <summary>
/// The core timebase: 90 kHz ticks. Chosen because RTMP milliseconds, MPEG-TS PTS/DTS and RTP video
/// clocks all map onto it exactly, so pass-through never rounds a timestamp.
/// </summary>
public static class Timebase
{
    public const int TicksPerSecond = 90_000;
    public const int TicksPerMillisecond = 90;

    public static long FromMilliseconds(long ms) => ms * TicksPerMillisecond;

    /// <summary>Milliseconds, rounded toward negative infinity so consecutive frames never reorder.</summary>
    public static long ToMilliseconds(long ticks) => ticks >= 0 ? ticks / TicksPerMillisecond : -((-ticks + TicksPerMillisecond - 1) / TicksPerMillisecond);

    public static double ToSeconds(long ticks) => ticks / (double)TicksPerSecond;

    public static long FromSeconds(double seconds) => (long)Math.Round(seconds * TicksPerSecond);
}
