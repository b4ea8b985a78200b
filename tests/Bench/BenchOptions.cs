namespace InteropGateway.Bench;

/// <summary>
/// Command-line options: --viewers 1,10,50 --seconds 15 --warmup 4 --repo PATH --servers nginx,gateway --no-build --results PATH.
/// A first argument "transcode" selects the transcoding-branch benchmark (--seconds defaults to 20 there; --repeats N, default 5).
/// "whep" (gateway vs Janus, WebRTC viewers) and "h5" (gateway vs a JSMpeg-style ws relay): --viewers, --rounds N (alias of
/// --repeats, default 3), --seconds (window, default 15), --warmup (default 5); whep: --nack (viewers send generic NACKs).
/// "srt" (SRT ingest vs RTMP ingest, N rtmpdump players each): --viewers (default 1,20,50), --rounds (default 3), --seconds, --warmup (default 4).
/// "tls" (RTMPS on the TLS port vs plain RTMP, N ffmpeg players each): --viewers (default 20,50), --rounds (default 3), --seconds (default 12),
/// --warmup (default 5), --variants (default rtmp,rtmps,rtmp-mux; also http-flv,https-flv).
/// </summary>
internal sealed record BenchOptions(
    int[] Viewers, int Seconds, int WarmupSeconds, string RepoRoot, string[] Servers, bool Build, string ResultsPath,
    string Mode = BenchOptions.FanOutMode, int Repeats = 1, bool Nack = false, bool InIsolatedNetwork = false, string[]? Variants = null)
{
    public const string FanOutMode = "fanout";
    public const string TranscodeMode = "transcode";
    public const string WhepMode = "whep";
    public const string H5Mode = "h5";
    public const string SrtMode = "srt";
    public const string TlsMode = "tls";

    public static BenchOptions Parse(string[] args)
    {
        var mode = FanOutMode;
        if (args.Length > 0 && args[0] is TranscodeMode or WhepMode or H5Mode or SrtMode or TlsMode)
        {
            mode = args[0];
            args = args[1..];
        }
        int[] viewers = mode switch { WhepMode => [10, 25], H5Mode => [200], SrtMode => [1, 20, 50], TlsMode => [20, 50], _ => [1, 10, 50] };
        int seconds = mode switch { TranscodeMode => 20, TlsMode => 12, _ => 15 }, warmup = mode is WhepMode or H5Mode or TlsMode ? 5 : 4;
        int repeats = mode switch { TranscodeMode => 5, WhepMode or H5Mode or SrtMode or TlsMode => 3, _ => 1 };
        string? repo = null, results = null;
        string[] servers = ["nginx", "gateway"];
        bool build = true, nack = false, isolated = false;
        string[]? variants = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--viewers": viewers = Next().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray(); break;
                case "--seconds": seconds = int.Parse(Next()); break;
                case "--warmup": warmup = int.Parse(Next()); break;
                case "--repo": repo = Next(); break;
                case "--servers": servers = Next().Split(',', StringSplitOptions.RemoveEmptyEntries); break;
                case "--no-build": build = false; break;
                case "--nack": nack = true; break;
                case Whep.IsolatedNetwork.InsideFlag: isolated = true; break;
                case "--results": results = Next(); break;
                case "--repeats" or "--rounds": repeats = int.Parse(Next()); break;
                case "--variants": variants = Next().Split(',', StringSplitOptions.RemoveEmptyEntries); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        if (viewers.Length == 0 || viewers.Any(v => v < 1)) throw new ArgumentException("--viewers must be positive");
        if (seconds < 1 || warmup < 0) throw new ArgumentException("--seconds must be >= 1, --warmup >= 0");
        if (repeats < 1) throw new ArgumentException("--repeats must be >= 1");
        repo ??= FindRepoRoot();
        results ??= Path.Combine(repo, "tests", "Bench", "RESULTS.md");
        return new BenchOptions(viewers, seconds, warmup, repo, servers, build, results, mode, repeats, nack, isolated, variants);
    }

    private static string FindRepoRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "InteropGateway.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("InteropGateway.sln not found above the current directory; pass --repo");
    }
}
