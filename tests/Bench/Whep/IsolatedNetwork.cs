namespace InteropGateway.Bench.Whep;

/// <summary>
/// Runs the measuring part of the WHEP mode in a network namespace of its own (unshare --net), so
/// that no packet of the run can reach any other machine or another engineer's test, whatever
/// address libwebrtc or libnice picks. Inside: loopback, plus a veth pair whose end igwbench0 has
/// 127.0.0.2/32 — Janus (libnice) gathers no candidates on the loopback interface itself, so it needs
/// a non-loopback interface; with a 127/8 address on it every ICE path is still a loopback path.
/// </summary>
internal static class IsolatedNetwork
{
    public const string InsideFlag = "--in-isolated-network";
    public const string JanusInterface = "igwbench0";
    public const string JanusAddress = "127.0.0.2";

    private static readonly string Setup = string.Join(" && ",
        "ip link set lo up",
        $"ip link add {JanusInterface} type veth peer name igwbench1",
        $"ip addr add {JanusAddress}/32 dev {JanusInterface}",
        $"ip link set {JanusInterface} up",
        "ip link set igwbench1 up",
        "exec \"$0\" \"$@\"");

    /// <summary>Runs this bench again, same arguments plus <see cref="InsideFlag"/> and --no-build, inside a new network namespace; returns its exit code.</summary>
    public static async Task<int> RunInsideAsync(ChildProcesses children, string[] args, CancellationToken ct)
    {
        var bench = typeof(IsolatedNetwork).Assembly.Location;
        var inner = args.Append("--no-build").Append(InsideFlag).ToArray();
        var process = children.Start("unshare", ["--net", "--fork", "--", "sh", "-c", Setup, "dotnet", bench, .. inner],
            onOutput: Console.WriteLine);
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bound.CancelAfter(TimeSpan.FromHours(2));
        try { await process.WaitForExitAsync(bound.Token); }
        catch (OperationCanceledException) { children.Stop(process); throw; }
        process.WaitForExit(); // flush output
        return process.ExitCode;
    }
}
