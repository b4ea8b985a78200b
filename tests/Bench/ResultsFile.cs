using System.Text;

namespace InteropGateway.Bench;

/// <summary>
/// Writes RESULTS.md: date, machine, versions, table and the exact commands run. Everything from the
/// first hand-written notes heading on (the notes, the transcoding section) is kept as it was.
/// </summary>
internal static class ResultsFile
{
    private const string KeptFrom = "## Notes (hand-written)";

    public static async Task WriteAsync(string path, BenchOptions o, string table, IEnumerable<string> commands, string versions, string nginxConf)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# RTMP fan-out benchmark: gateway vs nginx-rtmp");
        sb.AppendLine();
        sb.AppendLine($"- Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        sb.AppendLine($"- Machine: {MachineInfo.Describe()}");
        sb.AppendLine($"- Versions: {versions}");
        sb.AppendLine($"- Run: `dotnet run --project tests/Bench -c Release -- --viewers {string.Join(',', o.Viewers)} --seconds {o.Seconds} --warmup {o.WarmupSeconds}`");
        sb.AppendLine($"- Method: servers run one at a time on loopback, same clip, same player. Per N: start N players, warm up {o.WarmupSeconds} s (+1 s per 25 players), then measure {o.Seconds} s. " +
                      "Server CPU = utime+stime delta of the server PID (/proc/PID/stat), RSS = VmRSS at the end of the window (peak = VmHWM). " +
                      "Delivered = sum of players' wchar deltas (/proc/PID/io; rtmpdump writes the received FLV to /dev/null). " +
                      "\"players ok\" = players still running that received data in the window. Ratios are gateway/nginx-rtmp; below 1.00x is better for CPU and RSS.");
        sb.AppendLine();
        sb.AppendLine(table);
        sb.AppendLine("## Commands (first of each kind; ports are picked free per run)");
        sb.AppendLine();
        sb.AppendLine("```sh");
        foreach (var c in commands) sb.AppendLine(c);
        sb.AppendLine("```");
        sb.AppendLine();
        sb.AppendLine("nginx.conf (in a temp prefix, never the system one):");
        sb.AppendLine();
        sb.AppendLine("```nginx");
        sb.AppendLine(nginxConf);
        sb.AppendLine("```");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (File.Exists(path) && await File.ReadAllTextAsync(path) is var old && old.IndexOf(KeptFrom, StringComparison.Ordinal) is var kept and >= 0)
            sb.AppendLine().Append(old[kept..]);
        await File.WriteAllTextAsync(path, sb.ToString());
    }
}
