namespace InteropGateway.Bench.SideBySide;

/// <summary>
/// One measured window of one server with N viewers, in one round of a side-by-side run.
/// PerViewer holds each viewer's counter deltas over the window (keys as the Node script names them).
/// </summary>
internal sealed record ViewerWindow(
    string Server, int Viewers, int Round, double WallSeconds, double ServerCpuMs, double IdleCpuMsPerSecond,
    double RssMb, double IdleRssMb, double ClientCpuMs, double LoadAverage1, int Connected,
    IReadOnlyList<Dictionary<string, double>> PerViewer, double StatsSeconds, string? Invalid)
{
    public bool Valid => Invalid is null;
    public double CpuMsPerSecond => ServerCpuMs / WallSeconds;
    public double CpuMsPerSecondPerViewer => CpuMsPerSecond / Viewers;
    /// <summary>CPU above the same server's idle (ingest only) level just before, per viewer.</summary>
    public double MarginalCpuMsPerSecondPerViewer => (CpuMsPerSecond - IdleCpuMsPerSecond) / Viewers;
    public double RssPerViewerMb => (RssMb - IdleRssMb) / Viewers;
    public double ClientCpuMsPerSecond => ClientCpuMs / WallSeconds;

    /// <summary>Sum over viewers of one counter, per second of the stats window.</summary>
    public double RatePerSecond(string key) => PerViewer.Sum(v => v.GetValueOrDefault(key)) / StatsSeconds;

    /// <summary>Delivered megabits per second summed over viewers, from the given byte counters.</summary>
    public double DeliveredMbps(params string[] byteKeys) => byteKeys.Sum(RatePerSecond) * 8 / 1e6;

    public double MinOverViewers(string key) => PerViewer.Count == 0 ? 0 : PerViewer.Min(v => v.GetValueOrDefault(key));
}
