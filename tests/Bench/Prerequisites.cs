namespace InteropGateway.Bench;

/// <summary>Installs the Debian packages the bench drives (nginx + RTMP module, rtmpdump, ffmpeg) when missing.</summary>
internal static class Prerequisites
{
    private static readonly (string Probe, string[] Packages)[] Needed =
    [
        ("/usr/sbin/nginx", ["nginx", "libnginx-mod-rtmp"]),
        ("/usr/lib/nginx/modules/ngx_rtmp_module.so", ["libnginx-mod-rtmp"]),
        ("/usr/bin/rtmpdump", ["rtmpdump"]),
        ("/usr/bin/ffmpeg", ["ffmpeg"]),
    ];

    public static async Task EnsureAsync(ChildProcesses children)
    {
        var missing = Needed.Where(n => !File.Exists(n.Probe)).SelectMany(n => n.Packages).Distinct().ToArray();
        if (missing.Length == 0) return;
        await AptInstallAsync(children, missing);
    }

    public static async Task EnsureFfmpegAsync(ChildProcesses children)
    {
        if (!File.Exists("/usr/bin/ffmpeg")) await AptInstallAsync(children, ["ffmpeg"]);
    }

    /// <summary>Janus 1.1.x from Debian (the WHEP mode's anchor peer), when missing.</summary>
    public static async Task EnsureJanusAsync(ChildProcesses children)
    {
        if (!File.Exists("/usr/bin/janus")) await AptInstallAsync(children, ["janus"]);
    }

    public static async Task AptInstallAsync(ChildProcesses children, string[] packages)
    {
        Console.WriteLine($"installing {string.Join(' ', packages)} ...");
        var (code, output) = await children.RunAsync("apt-get", ["install", "-y", "-q", .. packages],
            TimeSpan.FromMinutes(5), logCommand: false);
        if (code != 0) throw new InvalidOperationException($"apt-get install failed ({code}):\n{output}");
    }

    public static string RtmpModulePath()
    {
        var found = Directory.Exists("/usr/lib/nginx/modules")
            ? Directory.GetFiles("/usr/lib/nginx/modules", "*rtmp*.so").FirstOrDefault()
            : null;
        return found ?? throw new FileNotFoundException("ngx_rtmp_module.so not found under /usr/lib/nginx/modules");
    }
}
