using System.Diagnostics.CodeAnalysis;

namespace InteropGateway.Core.Relay;

/// <summary>The name of a stream: <c>app/stream</c>, as it appears in every protocol's URL.</summary>
public readonly record struct StreamKey(string App, string Stream)
{
    private const int MaxPartLength = 128;

    public override string ToString() => $"{App}/{Stream}";

    /// <summary>Validates both parts: non-empty, bounded, URL-safe characters only, so a key can be put into any URL or log line.</summary>
    public static bool TryCreate(string? app, string? stream, [NotNullWhen(true)] out StreamKey? key, [NotNullWhen(false)] out string? error)
    {
        key = null;
        if (!IsValidPart(app, out error) || !IsValidPart(stream, out error))
        {
            error = $"invalid stream key '{app}/{stream}': {error}";
            return false;
        }
        key = new StreamKey(app!, stream!);
        return true;
    }

    private static bool IsValidPart(string? part, [NotNullWhen(false)] out string? error)
    {
        error = null;
        if (string.IsNullOrEmpty(part)) { error = "empty name"; return false; }
        if (part.Length > MaxPartLength) { error = $"name longer than {MaxPartLength}"; return false; }
        foreach (var c in part)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
                continue;
            error = $"character '{c}' not allowed (use letters, digits, - _ . ~)";
            return false;
        }
        if (part is "." or "..") { error = "dot names are not allowed"; return false; }
        return true;
    }
}
