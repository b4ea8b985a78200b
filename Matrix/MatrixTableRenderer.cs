using System.Text;
using System.Text.Json;
using InteropGateway.Codecs.Media;

namespace InteropGateway.Matrix;

/// <summary>Renders a matrix back into the DESIGN §2 table and into the GET /api/matrix document.</summary>
public static class MatrixTableRenderer
{
    /// <summary>The §2 table: header, separator and one row per source protocol; "\n" line ends, final newline.</summary>
    public static string ToMarkdown(MatrixDefinition matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var text = new StringBuilder();
        text.Append("| from \\ to |");
        foreach (var sink in Protocols.All)
        {
            text.Append(' ').Append(sink).Append(" |");
        }
        text.Append('\n').Append('|');
        for (var i = 0; i <= Protocols.All.Count; i++)
        {
            text.Append("---|");
        }
        text.Append('\n');
        foreach (var source in Protocols.All)
        {
            text.Append("| ").Append(source).Append(" |");
            foreach (var sink in Protocols.All)
            {
                text.Append(' ').Append(matrix.Cell(source, sink).Label).Append(" |");
            }
            text.Append('\n');
        }
        return text.ToString();
    }

    /// <summary>
    /// The API document: { version?, protocols, profiles: [...], cells: [...] }, arrays in table order,
    /// so the output is byte-stable for a given matrix.
    /// </summary>
    public static string ToJson(MatrixDefinition matrix, long? version = null, bool indented = true)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
        {
            json.WriteStartObject();
            if (version is { } v)
            {
                json.WriteNumber("version", v);
            }

            json.WriteStartArray("protocols");
            foreach (var key in Protocols.All)
            {
                json.WriteStringValue(key);
            }
            json.WriteEndArray();

            json.WriteStartArray("profiles");
            foreach (var p in matrix.Profiles)
            {
                json.WriteStartObject();
                json.WriteString("key", p.Key);
                json.WriteString("name", p.DisplayName);
                WriteKinds(json, "accepts", p.SinkCodecsOf(MediaKind.Video), p.SinkCodecsOf(MediaKind.Audio));
                WriteKinds(json, "ingests", p.SourceCodecsOf(MediaKind.Video), p.SourceCodecsOf(MediaKind.Audio));
                json.WriteStartObject("prefer");
                json.WriteString("video", p.PreferredVideo.Name());
                json.WriteString("audio", p.PreferredAudio.Name());
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();

            json.WriteStartArray("cells");
            foreach (var c in matrix.Cells)
            {
                json.WriteStartObject();
                json.WriteString("from", c.Source);
                json.WriteString("to", c.Sink);
                json.WriteString("label", c.Label);
                json.WriteString("kind", c.Kind.ToString().ToLowerInvariant());
                json.WriteStartArray("conversions");
                foreach (var conversion in c.Conversions)
                {
                    json.WriteStartObject();
                    json.WriteString("from", conversion.From.Name());
                    json.WriteString("to", conversion.To.Name());
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();

            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void WriteKinds(Utf8JsonWriter json, string name, IEnumerable<CodecId> video, IEnumerable<CodecId> audio)
    {
        json.WriteStartObject(name);
        json.WriteStartArray("video");
        foreach (var c in video)
        {
            json.WriteStringValue(c.Name());
        }
        json.WriteEndArray();
        json.WriteStartArray("audio");
        foreach (var c in audio)
        {
            json.WriteStringValue(c.Name());
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
