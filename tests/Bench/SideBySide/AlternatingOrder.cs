namespace InteropGateway.Bench.SideBySide;

/// <summary>
/// The order of a side-by-side run's windows: per round, per viewer count, each target in turn, the
/// order flipped every other round, so that a change in machine load (other work on a shared machine)
/// hits both alike.
/// </summary>
internal static class AlternatingOrder
{
    public static IEnumerable<(T Target, int Viewers, int Round)> Of<T>(IReadOnlyList<T> targets, int[] viewerCounts, int rounds)
    {
        for (var round = 1; round <= rounds; round++)
        {
            var order = round % 2 == 1 ? targets : targets.Reverse().ToList();
            foreach (var n in viewerCounts)
                foreach (var target in order)
                    yield return (target, n, round);
        }
    }
}
