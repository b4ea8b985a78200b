using InteropGateway.Bench.Peers;

namespace InteropGateway.Bench.SideBySide;

/// <summary>
/// One server under test: its name, its PID (CPU and RSS are read from /proc), how to start N
/// viewers of it (a Node load generator), and a check that its feed is still running.
/// </summary>
internal sealed record SideBySideTarget(string Name, int Pid, Func<int, bool, NodeLoadGenerator> StartViewers, Action EnsureFeedAlive);
