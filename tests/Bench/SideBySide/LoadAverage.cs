using System.Globalization;

namespace InteropGateway.Bench.SideBySide;

/// <summary>The machine's load average (/proc/loadavg): other work on a shared machine shows up here.</summary>
internal static class LoadAverage
{
    public static double OneMinute() => Fields() is { Length: > 0 } f ? double.Parse(f[0], CultureInfo.InvariantCulture) : double.NaN;

    public static string Text() => string.Join(' ', Fields().Take(3));

    private static string[] Fields()
    {
        try { return File.ReadAllText("/proc/loadavg").Split(' '); }
        catch (IOException) { return []; }
    }
}
