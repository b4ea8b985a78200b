namespace InteropGateway.Bench;

/// <summary>Versions of the peers, from their own -version output (first line each).</summary>
internal static class Versions
{
    public static async Task<string> DescribeAsync(ChildProcesses children)
    {
        var parts = new List<string>();
        foreach (var (file, args) in new (string, string[])[] { ("/usr/sbin/nginx", ["-v"]), ("ffmpeg", ["-version"]), ("rtmpdump", ["-h"]) })
        {
            try
            {
                var (_, output) = await children.RunAsync(file, args, TimeSpan.FromSeconds(10), logCommand: false);
                var line = output.Split('\n').FirstOrDefault(l => l.Contains("version", StringComparison.OrdinalIgnoreCase) || l.StartsWith("RTMPDump"));
                if (line != null) parts.Add(line.Trim());
            }
            catch (Exception e) when (e is TimeoutException or System.ComponentModel.Win32Exception) { }
        }
        var pkg = await children.RunAsync("dpkg-query", ["-W", "-f", "${Package} ${Version}; ", "libnginx-mod-rtmp"], TimeSpan.FromSeconds(10), logCommand: false);
        parts.Add(pkg.Output.Trim());
        return string.Join("; ", parts);
    }
}
