using System.Collections.Immutable;
using System.Text.Json;
using InteropGateway.Codecs.Media;

namespace InteropGateway.Matrix;

/// <summary>
/// Reads the matrix file (shape in Matrix/README.md) into a <see cref="MatrixDefinition"/>.
/// Strict on purpose: a typo in a hand-edited file must fail the load with the spot named,
/// not silently turn a cell into pass-through. Keys starting with "_" or "$" are notes and ignored.
/// </summary>
internal static class MatrixFileReader
{
    private static readonly JsonDocumentOptions Options = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

    public static MatrixDefinition Read(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Options);
        }
        catch (JsonException e)
        {
            throw new MatrixFormatException(
                $"not valid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new MatrixFormatException("the file must hold a JSON object with \"profiles\" and \"cells\"");
            }

            var top = Fields(root, "the top level", "profiles", "cells");
            var profiles = ReadProfiles(Required(top, "profiles", "the top level", JsonValueKind.Object));
            var cells = ReadCells(Required(top, "cells", "the top level", JsonValueKind.Object), profiles);
            return new MatrixDefinition(profiles, cells);
        }
    }

    private static ImmutableArray<ProtocolProfile> ReadProfiles(JsonElement element)
    {
        var byKey = Fields(element, "\"profiles\"", Protocols.All.ToArray(), unknownIsProtocol: true);
        var profiles = ImmutableArray.CreateBuilder<ProtocolProfile>(Protocols.All.Count);
        foreach (var key in Protocols.All)
        {
            if (!byKey.TryGetValue(key, out var p))
            {
                throw new MatrixFormatException($"profiles: missing profile \"{key}\"");
            }
            profiles.Add(ReadProfile(key, p));
        }
        return profiles.MoveToImmutable();
    }

    private static ProtocolProfile ReadProfile(string key, JsonElement element)
    {
        var where = $"profile \"{key}\"";
        RequireKind(element, JsonValueKind.Object, where);
        var f = Fields(element, where, "name", "accepts", "ingests", "prefer");

        var name = Required(f, "name", where, JsonValueKind.String).GetString()!;
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new MatrixFormatException($"{where}, field \"name\": must not be empty");
        }

        var accepts = ReadCodecSet(Required(f, "accepts", where, JsonValueKind.Object), where, "accepts");
        if (accepts.IsEmpty)
        {
            throw new MatrixFormatException($"{where}, field \"accepts\": lists no codec");
        }
        var ingests = f.TryGetValue("ingests", out var ing) ? ReadCodecSet(ing, where, "ingests") : accepts;

        var prefer = Required(f, "prefer", where, JsonValueKind.Object);
        var pf = Fields(prefer, $"{where}, field \"prefer\"", "video", "audio");
        var video = ReadPreferred(pf, MediaKind.Video, accepts, where);
        var audio = ReadPreferred(pf, MediaKind.Audio, accepts, where);

        return new ProtocolProfile(key, name, accepts, ingests, video, audio);
    }

    private static CodecId ReadPreferred(
        Dictionary<string, JsonElement> prefer, MediaKind kind, ImmutableArray<CodecId> accepts, string where)
    {
        var field = $"prefer.{Lower(kind)}";
        var element = Required(prefer, Lower(kind), $"{where}, field \"prefer\"", JsonValueKind.String);
        var codec = ParseCodec(element.GetString(), where, field);
        if (codec.Kind() != kind)
        {
            throw new MatrixFormatException(
                $"{where}, field \"{field}\": {codec.Name()} is {Lower(codec.Kind())}, not {Lower(kind)}");
        }
        if (!accepts.Contains(codec))
        {
            throw new MatrixFormatException(
                $"{where}, field \"{field}\": {codec.Name()} is not in \"accepts\", so it cannot be a target");
        }
        return codec;
    }

    /// <summary>Reads { "video": [...], "audio": [...] } checking each codec's kind.</summary>
    private static ImmutableArray<CodecId> ReadCodecSet(JsonElement element, string where, string field)
    {
        RequireKind(element, JsonValueKind.Object, $"{where}, field \"{field}\"");
        var f = Fields(element, $"{where}, field \"{field}\"", "video", "audio");
        var codecs = ImmutableArray.CreateBuilder<CodecId>();
        foreach (var kind in new[] { MediaKind.Video, MediaKind.Audio })
        {
            if (!f.TryGetValue(Lower(kind), out var list))
            {
                continue;
            }
            var listField = $"{field}.{Lower(kind)}";
            RequireKind(list, JsonValueKind.Array, $"{where}, field \"{listField}\"");
            var i = 0;
            foreach (var item in list.EnumerateArray())
            {
                var itemField = $"{listField}[{i++}]";
                RequireKind(item, JsonValueKind.String, $"{where}, field \"{itemField}\"");
                var codec = ParseCodec(item.GetString(), where, itemField);
                if (codec.Kind() != kind)
                {
                    throw new MatrixFormatException(
                        $"{where}, field \"{itemField}\": {codec.Name()} is {Lower(codec.Kind())}, not {Lower(kind)}");
                }
                if (codecs.Contains(codec))
                {
                    throw new MatrixFormatException($"{where}, field \"{itemField}\": {codec.Name()} listed twice");
                }
                codecs.Add(codec);
            }
        }
        return codecs.ToImmutable();
    }

    private static ImmutableArray<MatrixCell> ReadCells(JsonElement element, ImmutableArray<ProtocolProfile> profiles)
    {
        var rows = Fields(element, "\"cells\"", Protocols.All.ToArray(), unknownIsProtocol: true);
        var cells = ImmutableArray.CreateBuilder<MatrixCell>(Protocols.All.Count * Protocols.All.Count);
        for (var s = 0; s < Protocols.All.Count; s++)
        {
            var source = Protocols.All[s];
            if (!rows.TryGetValue(source, out var row))
            {
                throw new MatrixFormatException($"cells: missing row \"{source}\" (cells {source}->*)");
            }
            RequireKind(row, JsonValueKind.Object, $"cells, row \"{source}\"");
            var columns = Fields(row, $"cells, row \"{source}\"", Protocols.All.ToArray(), unknownIsProtocol: true);
            for (var k = 0; k < Protocols.All.Count; k++)
            {
                var sink = Protocols.All[k];
                if (!columns.TryGetValue(sink, out var cell))
                {
                    throw new MatrixFormatException($"cells: missing cell {source}->{sink}");
                }
                cells.Add(ReadCell(source, sink, cell, profiles[s], profiles[k]));
            }
        }
        return cells.MoveToImmutable();
    }

    private static MatrixCell ReadCell(
        string source, string sink, JsonElement element, ProtocolProfile from, ProtocolProfile to)
    {
        var where = $"cell {source}->{sink}";
        RequireKind(element, JsonValueKind.Object, where);
        var f = Fields(element, where, "label", "convert");
        var label = Required(f, "label", where, JsonValueKind.String).GetString()!.Trim();
        if (label.Length == 0)
        {
            throw new MatrixFormatException($"{where}, field \"label\": must not be empty");
        }
        if (label.Contains('|') || label.Contains('\n'))
        {
            throw new MatrixFormatException($"{where}, field \"label\": must not contain '|' or a line break");
        }

        var conversions = ImmutableArray.CreateBuilder<CodecConversion>();
        if (f.TryGetValue("convert", out var list))
        {
            if (label == MatrixCell.NoneLabel)
            {
                throw new MatrixFormatException(
                    $"{where}, field \"convert\": a \"none\" cell passes through untouched and cannot list conversions");
            }
            RequireKind(list, JsonValueKind.Array, $"{where}, field \"convert\"");
            var i = 0;
            foreach (var item in list.EnumerateArray())
            {
                var field = $"convert[{i++}]";
                RequireKind(item, JsonValueKind.String, $"{where}, field \"{field}\"");
                var conversion = ParseConversion(item.GetString()!, where, field);
                CheckConversion(conversion, from, to, where, field);
                if (conversions.Any(c => c.From == conversion.From))
                {
                    throw new MatrixFormatException(
                        $"{where}, field \"{field}\": a conversion from {conversion.From.Name()} is already listed");
                }
                conversions.Add(conversion);
            }
        }

        var result = new MatrixCell(source, sink, label, conversions.ToImmutable());
        if (result.Kind == MatrixCellKind.Convert && result.Conversions.IsEmpty)
        {
            throw new MatrixFormatException(
                $"{where}, field \"convert\": cell \"{label}\" converts, so it must list at least one conversion");
        }
        return result;
    }

    private static CodecConversion ParseConversion(string text, string where, string field)
    {
        var arrow = text.IndexOf("->", StringComparison.Ordinal);
        if (arrow < 0)
        {
            throw new MatrixFormatException(
                $"{where}, field \"{field}\": \"{text}\" is not a conversion; write it \"from->to\", e.g. \"aac->opus\"");
        }
        var from = ParseCodec(text[..arrow], where, field);
        var to = ParseCodec(text[(arrow + 2)..], where, field);
        return new CodecConversion(from, to);
    }

    private static void CheckConversion(
        CodecConversion c, ProtocolProfile from, ProtocolProfile to, string where, string field)
    {
        if (c.From.Kind() != c.To.Kind())
        {
            throw new MatrixFormatException(
                $"{where}, field \"{field}\": {c} mixes kinds ({Lower(c.From.Kind())} to {Lower(c.To.Kind())})");
        }
        if (c.From == c.To)
        {
            throw new MatrixFormatException($"{where}, field \"{field}\": {c} converts a codec to itself");
        }
        if (!from.Ingests(c.From))
        {
            throw new MatrixFormatException(
                $"{where}, field \"{field}\": {c}: {from.Key} never carries {c.From.Name()} in " +
                $"(profile \"{from.Key}\" ingests {Names(from.SourceCodecs)})");
        }
        if (!to.Accepts(c.To))
        {
            throw new MatrixFormatException(
                $"{where}, field \"{field}\": {c}: {to.Key} does not accept {c.To.Name()} " +
                $"(profile \"{to.Key}\" accepts {Names(to.SinkCodecs)})");
        }
    }

    private static CodecId ParseCodec(string? name, string where, string field)
    {
        if (!CodecIdExtensions.TryParse(name, out var codec))
        {
            throw new MatrixFormatException(
                $"{where}, field \"{field}\": unknown codec \"{name?.Trim()}\" (known: h264, h265, vp8, mpeg1, aac, opus, mp2)");
        }
        return codec;
    }

    /// <summary>The object's fields by name; rejects duplicates and names outside <paramref name="allowed"/>.</summary>
    private static Dictionary<string, JsonElement> Fields(
        JsonElement element, string where, string[] allowed, bool unknownIsProtocol = false)
    {
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name.StartsWith('_') || property.Name.StartsWith('$'))
            {
                continue;
            }
            if (!allowed.Contains(property.Name))
            {
                throw new MatrixFormatException(unknownIsProtocol
                    ? $"{where}: unknown protocol \"{property.Name}\" (known: {string.Join(", ", allowed)})"
                    : $"{where}: unknown field \"{property.Name}\" (allowed: {string.Join(", ", allowed)})");
            }
            if (!fields.TryAdd(property.Name, property.Value))
            {
                throw new MatrixFormatException($"{where}: \"{property.Name}\" appears twice");
            }
        }
        return fields;
    }

    private static Dictionary<string, JsonElement> Fields(JsonElement element, string where, params string[] allowed) =>
        Fields(element, where, allowed, unknownIsProtocol: false);

    private static JsonElement Required(
        Dictionary<string, JsonElement> fields, string name, string where, JsonValueKind kind)
    {
        if (!fields.TryGetValue(name, out var value))
        {
            throw new MatrixFormatException($"{where}: missing field \"{name}\"");
        }
        RequireKind(value, kind, $"{where}, field \"{name}\"");
        return value;
    }

    private static void RequireKind(JsonElement element, JsonValueKind kind, string where)
    {
        if (element.ValueKind != kind)
        {
            throw new MatrixFormatException(
                $"{where}: expected {Describe(kind)}, found {Describe(element.ValueKind)}");
        }
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true/false",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };

    private static string Names(IEnumerable<CodecId> codecs) => string.Join(", ", codecs.Select(c => c.Name()));

    private static string Lower(MediaKind kind) => kind == MediaKind.Video ? "video" : "audio";
}
