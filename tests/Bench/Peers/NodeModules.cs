namespace InteropGateway.Bench.Peers;

/// <summary>
/// The bench's Node side (tests/Bench/node): installs its pinned packages with <c>npm ci</c> from
/// package-lock.json when node_modules is missing or older than the lock file. Node itself comes
/// from the machine (Debian's nodejs when missing).
/// </summary>
internal static class NodeModules
{
    public static string Directory { get; private set; } = "";

    public static void UseDirectory(string repoRoot) => Directory = Path.Combine(repoRoot, "tests", "Bench", "node");

    public static async Task EnsureAsync(ChildProcesses children, string repoRoot)
    {
        UseDirectory(repoRoot);
        if (!File.Exists("/usr/bin/node") && !File.Exists("/usr/local/bin/node"))
            await Prerequisites.AptInstallAsync(children, ["nodejs", "npm"]);
        var lockFile = Path.Combine(Directory, "package-lock.json");
        var installed = Path.Combine(Directory, "node_modules", ".package-lock.json");
        if (File.Exists(installed) && File.GetLastWriteTimeUtc(installed) >= File.GetLastWriteTimeUtc(lockFile))
            return;
        Console.WriteLine("npm ci (tests/Bench/node) ...");
        var (code, output) = await children.RunAsync("npm", ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(5), workDir: Directory);
        if (code != 0) throw new InvalidOperationException($"npm ci failed ({code}):\n{output}");
    }
}
