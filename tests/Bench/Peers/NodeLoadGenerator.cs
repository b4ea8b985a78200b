using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;

namespace InteropGateway.Bench.Peers;

/// <summary>
/// One Node script from tests/Bench/node (viewers or relay) as a child process, spoken to by lines:
/// it prints one JSON object per line on stdout ("ready", "stats", "listening", "fatal"); the bench
/// writes commands ("stats", "quit") to its stdin. Anything else it prints is kept for error messages.
/// </summary>
internal sealed class NodeLoadGenerator : IAsyncDisposable
{
    private readonly ChildProcesses _children;
    private readonly Process _process;
    private readonly Channel<JsonElement> _messages = Channel.CreateUnbounded<JsonElement>();
    private readonly List<string> _log = [];

    public NodeLoadGenerator(ChildProcesses children, string script, IEnumerable<string> args, bool logCommand)
    {
        _children = children;
        _process = children.Start("node", [Path.Combine(NodeModules.Directory, script), .. args],
            workDir: NodeModules.Directory, logCommand: logCommand, onOutput: OnLine);
    }

    public int Pid => _process.Id;

    /// <summary>The next message of the given type (others are skipped), within the timeout.</summary>
    public async Task<JsonElement> WaitForAsync(string type, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var message = await _messages.Reader.ReadAsync(cts.Token);
                var kind = message.GetProperty("type").GetString();
                if (kind == type) return message;
                if (kind == "fatal") throw new InvalidOperationException($"{Describe()} failed: {message.GetProperty("error")}");
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Describe()}: no \"{type}\" within {timeout.TotalSeconds:0} s; exited={_process.HasExited}; output: {Log()}");
        }
    }

    /// <summary>Asks for the cumulative per-viewer counters; one dictionary per viewer.</summary>
    public async Task<IReadOnlyList<Dictionary<string, double>>> StatsAsync(TimeSpan timeout)
    {
        Send("stats");
        var stats = await WaitForAsync("stats", timeout);
        return stats.GetProperty("viewers").EnumerateArray()
            .Select(v => v.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number)
                .ToDictionary(p => p.Name, p => p.Value.GetDouble()))
            .ToList();
    }

    public void Send(string command)
    {
        if (_process.HasExited) throw new InvalidOperationException($"{Describe()} exited ({_process.ExitCode}): {Log()}");
        _process.StandardInput.WriteLine(command);
        _process.StandardInput.Flush();
    }

    /// <summary>"quit" (the script closes its sessions properly), then the usual bounded stop.</summary>
    public ValueTask DisposeAsync()
    {
        try { if (!_process.HasExited) Send("quit"); } catch (Exception e) when (e is IOException or InvalidOperationException) { }
        _process.WaitForExit(6000);
        _children.Stop(_process);
        return ValueTask.CompletedTask;
    }

    public string Log()
    {
        lock (_log) return string.Join(" | ", _log.TakeLast(10));
    }

    private string Describe() => $"node pid {_process.Id}";

    private void OnLine(string line)
    {
        if (line.StartsWith('{'))
        {
            try
            {
                _messages.Writer.TryWrite(JsonDocument.Parse(line).RootElement.Clone());
                return;
            }
            catch (JsonException) { }
        }
        lock (_log) { if (_log.Count < 200) _log.Add(line); }
    }
}
