namespace InteropGateway.Codecs.Synthetic;

/// <summary>Formats the pattern's overlay text into caller buffers, without allocating strings per frame.</summary>
public static class ClockText
{
    /// <summary>Length of "hh:mm:ss.f".</summary>
    public const int ClockLength = 10;

    /// <summary>Writes the time of day (wrapping at 24 h) as "hh:mm:ss.f" (tenths truncated, not rounded, so a second never shows early).</summary>
    public static void FormatClock(TimeSpan time, Span<char> destination)
    {
        if (destination.Length < ClockLength)
            throw new ArgumentException("need 10 characters", nameof(destination));
        var tenths = time.Ticks / (TimeSpan.TicksPerSecond / 10);
        tenths %= 24L * 3600 * 10;
        if (tenths < 0)
            tenths += 24L * 3600 * 10;
        var seconds = tenths / 10;
        WriteTwoDigits(destination, (int)(seconds / 3600));
        destination[2] = ':';
        WriteTwoDigits(destination[3..], (int)(seconds / 60 % 60));
        destination[5] = ':';
        WriteTwoDigits(destination[6..], (int)(seconds % 60));
        destination[8] = '.';
        destination[9] = (char)('0' + tenths % 10);
    }

    /// <summary>Writes "#" and the last <c>destination.Length - 1</c> decimal digits of <paramref name="number"/>, zero padded.</summary>
    public static void FormatCounter(long number, Span<char> destination)
    {
        if (destination.Length < 2)
            throw new ArgumentException("need room for '#' and a digit", nameof(destination));
        destination[0] = '#';
        var value = Math.Abs(number);
        for (var i = destination.Length - 1; i >= 1; i--)
        {
            destination[i] = (char)('0' + value % 10);
            value /= 10;
        }
    }

    private static void WriteTwoDigits(Span<char> destination, int value)
    {
        destination[0] = (char)('0' + value / 10);
        destination[1] = (char)('0' + value % 10);
    }
}
