namespace InteropGateway.Bench;

/// <summary>Versions of the peers, from their own -version output (first line each) or from dpkg.</summary>
internal static class Versions
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>The fan-out mode's line: nginx, ffmpeg, rtmpdump and the nginx RTMP module.</summary>
    public static async Task<string> DescribeAsync(ChildProcesses children)
    {
        var parts = new List<string>();
        foreach (var (file, args) in new (string, string[])[] { ("/usr/sbin/nginx", ["-v"]), ("ffmpeg", ["-version"]), ("rtmpdump", ["-h"]) })
        {
            try
            {
                var (_, output) = await children.RunAsync(file, args, Timeout, logCommand: false);
                var line = output.Split('\n').FirstOrDefault(l => l.Contains("version", StringComparison.OrdinalIgnoreCase) || l.StartsWith("RTMPDump"));
                if (line != null) parts.Add(line.Trim());
            }
            catch (Exception e) when (e is TimeoutException or System.ComponentModel.Win32Exception) { }
        }
        var pkg = await children.RunAsync("dpkg-query", ["-W", "-f", "${Package} ${Version}; ", "libnginx-mod-rtmp"], Timeout, logCommand: false);
        parts.Add(pkg.Output.Trim());
        return string.Join("; ", parts);
    }

    /// <summary>The first line of <c>ffmpeg -version</c>.</summary>
    public static async Task<string> FfmpegAsync(ChildProcesses children)
    {
        var (_, output) = await children.RunAsync("ffmpeg", ["-hide_banner", "-version"], Timeout, logCommand: false);
        return output.Split('\n')[0].Trim();
    }

    /// <summary><c>node --version</c>, e.g. "v20.19.2".</summary>
    public static async Task<string> NodeAsync(ChildProcesses children) =>
        (await children.RunAsync("node", ["--version"], Timeout, logCommand: false)).Output.Trim();

    /// <summary>"package version; package version" of installed Debian packages.</summary>
    public static async Task<string> PackagesAsync(ChildProcesses children, params string[] packages) =>
        (await children.RunAsync("dpkg-query", ["-W", "-f", "${Package} ${Version}; ", .. packages], Timeout, logCommand: false)).Output.Trim().TrimEnd(';');
}
