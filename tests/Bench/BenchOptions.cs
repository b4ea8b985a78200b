namespace InteropGateway.Bench;

/// <summary>
/// Command-line options: --viewers 1,10,50 --seconds 15 --warmup 4 --repo PATH --servers nginx,gateway --no-build --results PATH.
/// A first argument "transcode" selects the transcoding-branch benchmark (--seconds defaults to 20 there; --repeats N, default 5).
/// </summary>
internal sealed record BenchOptions(
    int[] Viewers, int Seconds, int WarmupSeconds, string RepoRoot, string[] Servers, bool Build, string ResultsPath,
    string Mode = BenchOptions.FanOutMode, int Repeats = 1)
{
    public const string FanOutMode = "fanout";
    public const string TranscodeMode = "transcode";

    public static BenchOptions Parse(string[] args)
    {
        var mode = FanOutMode;
        if (args.Length > 0 && args[0] == TranscodeMode)
        {
            mode = TranscodeMode;
            args = args[1..];
        }
        int[] viewers = [1, 10, 50];
        int seconds = mode == TranscodeMode ? 20 : 15, warmup = 4, repeats = mode == TranscodeMode ? 5 : 1;
        string? repo = null, results = null;
        string[] servers = ["nginx", "gateway"];
        bool build = true;
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
                case "--results": results = Next(); break;
                case "--repeats": repeats = int.Parse(Next()); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        if (viewers.Length == 0 || viewers.Any(v => v < 1)) throw new ArgumentException("--viewers must be positive");
        if (seconds < 1 || warmup < 0) throw new ArgumentException("--seconds must be >= 1, --warmup >= 0");
        if (repeats < 1) throw new ArgumentException("--repeats must be >= 1");
        repo ??= FindRepoRoot();
        results ??= Path.Combine(repo, "tests", "Bench", "RESULTS.md");
        return new BenchOptions(viewers, seconds, warmup, repo, servers, build, results, mode, repeats);
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
