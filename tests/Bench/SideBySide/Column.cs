namespace InteropGateway.Bench.SideBySide;

/// <summary>One metric column of a side-by-side table: its value per window, its format, whether a subject/anchor ratio is shown.</summary>
internal sealed record Column(string Header, Func<ViewerWindow, double> Value, string Format, bool Ratio = true, bool Bold = false);
