using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InteropGateway.Bench.Transcode;

/// <summary>A fixed configuration value, as the gateway's options monitors would hand out.</summary>
internal sealed class FixedOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;
    public T Get(string? name) => value;
    public IDisposable? OnChange(Action<T, string?> listener) => null;
}

/// <summary>Prints the relay's warnings and errors (a subscriber falling behind, a branch failing); Information is off, as in production.</summary>
internal sealed class WarningLogger<T> : ILogger<T>
{
    public static readonly WarningLogger<T> Instance = new();
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
            Console.Error.WriteLine($"  [{logLevel}] {typeof(T).Name}: {formatter(state, exception)}{(exception is null ? "" : $" ({exception.Message})")}");
    }
}

/// <summary>CPU time per thread of this process from /proc/self/task (clock ticks), to see which threads did the work.</summary>
internal static class ThreadCpu
{
    public static Dictionary<int, (string Name, double Seconds)> Snapshot()
    {
        var result = new Dictionary<int, (string, double)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var open = stat.IndexOf('(');
                var close = stat.LastIndexOf(')');
                var rest = stat[(close + 2)..].Split(' ');
                var ticks = long.Parse(rest[11]) + long.Parse(rest[12]);
                result[int.Parse(Path.GetFileName(dir))] = (stat[(open + 1)..close], ticks / (double)Posix.ClockTicksPerSecond);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { }
        }
        return result;
    }

    /// <summary>The threads that used CPU between the snapshots, busiest first, as "name tid: seconds".</summary>
    public static string Busiest(Dictionary<int, (string Name, double Seconds)> before, Dictionary<int, (string Name, double Seconds)> after, int top = 6)
    {
        var deltas = after.Select(kv => (kv.Key, kv.Value.Name, Seconds: kv.Value.Seconds - (before.TryGetValue(kv.Key, out var b) ? b.Seconds : 0)))
            .Where(t => t.Seconds > 0).OrderByDescending(t => t.Seconds).ToList();
        return string.Join(", ", deltas.Take(top).Select(t => FormattableString.Invariant($"{t.Name} {t.Key}: {t.Seconds:0.00}"))) +
               (deltas.Count > top ? FormattableString.Invariant($", {deltas.Count - top} more: {deltas.Skip(top).Sum(t => t.Seconds):0.00}") : "");
    }
}
