namespace InteropGateway.Codecs.Synthetic;

/// <summary>
/// The A/V sync mark shared by the picture and the sound: at the start of every second the test
/// pattern shows a white square and the tone generator beeps, both for <see cref="Duration"/>.
/// A viewer sees and hears whether they coincide.
/// </summary>
public static class SyncMarker
{
    public static readonly TimeSpan Duration = TimeSpan.FromMilliseconds(100);

    /// <summary>True during the first <see cref="Duration"/> of each second of <paramref name="time"/>.</summary>
    public static bool IsOn(TimeSpan time)
    {
        var intoSecond = time.Ticks % TimeSpan.TicksPerSecond;
        if (intoSecond < 0)
            intoSecond += TimeSpan.TicksPerSecond;
        return intoSecond < Duration.Ticks;
    }
}
