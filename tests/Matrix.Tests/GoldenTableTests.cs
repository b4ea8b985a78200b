using InteropGateway.Matrix;

namespace InteropGateway.Tests.Matrix;

/// <summary>The shipped matrix.json renders back into the DESIGN §2 table.</summary>
public class GoldenTableTests
{
    private static string[] GoldenLines() =>
        File.ReadAllText(TestFiles.GoldenTablePath).ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');

    [Fact]
    public void ShippedMatrixRendersToTheDesignTable()
    {
        var rendered = MatrixTableRenderer.ToMarkdown(TestFiles.Shipped());
        var golden = string.Join('\n', GoldenLines()) + "\n";
        Assert.Equal(golden, rendered);
    }

    [Fact]
    public void ShippedMatrixMatchesTheDesignTableCellByCell()
    {
        var matrix = TestFiles.Shipped();
        var lines = GoldenLines();
        var header = SplitRow(lines[0]);
        Assert.Equal("from \\ to", header[0]);
        var sinks = header[1..];
        Assert.Equal(Protocols.All, sinks);
        Assert.Equal(2 + Protocols.All.Count, lines.Length);

        var mismatches = new List<string>();
        foreach (var line in lines[2..])
        {
            var row = SplitRow(line);
            var source = row[0];
            for (var k = 0; k < sinks.Length; k++)
            {
                var label = matrix.Cell(source, sinks[k]).Label;
                if (label != row[k + 1])
                {
                    mismatches.Add($"cell {source}->{sinks[k]}: DESIGN §2 says \"{row[k + 1]}\", matrix.json says \"{label}\"");
                }
            }
        }
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    [Fact]
    public void ShippedProfilesMatchDesignSectionOne()
    {
        var m = TestFiles.Shipped();
        Assert.Equal(
            ["WebRTC", "H5/MPEG1", "mini-program", "native RTMP", "native UDP", "CDN/RTMP"],
            m.Profiles.Select(p => p.DisplayName));
        Assert.Equal(Protocols.All, m.Profiles.Select(p => p.Key));
    }

    private static string[] SplitRow(string line) =>
        line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
}
