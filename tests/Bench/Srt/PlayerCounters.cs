using System.Diagnostics;

namespace InteropGateway.Bench.Srt;

/// <summary>
/// A snapshot of every rtmpdump player's counters from /proc: bytes written (wchar: the FLV it
/// received, written to /dev/null) and CPU. A player that is gone reads as null.
/// </summary>
internal sealed record PlayerCounters(long?[] Bytes, double?[] CpuMs)
{
    public static PlayerCounters Take(IReadOnlyList<Process> players) =>
        new(players.Select(p => ProcFs.WrittenBytes(p.Id)).ToArray(), players.Select(p => ProcFs.CpuMs(p.Id)).ToArray());

    /// <summary>Per player, bytes received between the two snapshots ({"bytes": delta}); a player gone at either end counts 0.</summary>
    public static List<Dictionary<string, double>> BytesDelta(PlayerCounters before, PlayerCounters after) =>
        before.Bytes.Zip(after.Bytes, (b, a) => new Dictionary<string, double>
        {
            ["bytes"] = b is null || a is null ? 0 : a.Value - b.Value,
        }).ToList();

    /// <summary>CPU of all players between the two snapshots (players gone at either end left out).</summary>
    public static double CpuDeltaMs(PlayerCounters before, PlayerCounters after) =>
        before.CpuMs.Zip(after.CpuMs, (b, a) => b is null || a is null ? 0 : a.Value - b.Value).Sum();
}
