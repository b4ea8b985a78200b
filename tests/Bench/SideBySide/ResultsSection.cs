namespace InteropGateway.Bench.SideBySide;

/// <summary>
/// A generated section of RESULTS.md between two markers: a rerun replaces what is between them and
/// keeps everything else (other modes' sections, hand-written notes). A missing section is appended
/// under its heading.
/// </summary>
internal static class ResultsSection
{
    /// <summary>Prints the section, writes it into the results file, says so ("wrote the {label} section of ...").</summary>
    public static async Task PublishAsync(string path, string heading, string markerName, string label, string generated)
    {
        Console.WriteLine();
        Console.WriteLine(generated);
        await WriteAsync(path, heading, markerName, generated);
        Console.WriteLine($"wrote the {label} section of {path}");
    }

    public static async Task WriteAsync(string path, string heading, string markerName, string generated)
    {
        var begin = $"<!-- {markerName}: generated, begin -->";
        var end = $"<!-- {markerName}: generated, end -->";
        var text = File.Exists(path) ? await File.ReadAllTextAsync(path) : "";
        var block = $"{begin}\n{generated.TrimEnd()}\n{end}";
        var b = text.IndexOf(begin, StringComparison.Ordinal);
        var e = text.IndexOf(end, StringComparison.Ordinal);
        text = b >= 0 && e > b
            ? text[..b] + block + text[(e + end.Length)..]
            : text.TrimEnd() + $"\n\n{heading}\n\n{block}\n";
        await File.WriteAllTextAsync(path, text);
    }
}
