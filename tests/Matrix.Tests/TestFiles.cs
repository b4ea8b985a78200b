using System.Text.Json.Nodes;
using InteropGateway.Matrix;

namespace InteropGateway.Tests.Matrix;

internal static class TestFiles
{
    /// <summary>The shipped matrix.json as copied into this test's output directory.</summary>
    public static string ShippedMatrixPath => Path.Combine(AppContext.BaseDirectory, "matrix.json");

    public static string GoldenTablePath => Path.Combine(AppContext.BaseDirectory, "golden", "conversion-table.md");

    public static string ShippedText() => File.ReadAllText(ShippedMatrixPath);

    public static MatrixDefinition Shipped() => MatrixDefinition.Parse(ShippedText());

    /// <summary>The shipped file with one edit applied, as JSON text.</summary>
    public static string ShippedWith(Action<JsonNode> edit)
    {
        var node = JsonNode.Parse(ShippedText(), documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!;
        edit(node);
        return node.ToJsonString();
    }
}
