using System.Diagnostics.CodeAnalysis;
using InteropGateway.Adapters.Udp.Native;
using InteropGateway.Core.Relay;

namespace InteropGateway.Adapters.Udp.Srt;

/// <summary>What a caller asked for in its stream id.</summary>
internal enum SrtMode
{
    /// <summary>m=request: the caller receives the stream.</summary>
    Play,
    /// <summary>m=publish: the caller sends the stream.</summary>
    Publish,
}

internal readonly record struct SrtStreamRequest(SrtMode Mode, StreamKey Key)
{
    public override string ToString() => $"{(Mode == SrtMode.Publish ? "publish" : "play")} {Key}";
}

/// <summary>
/// Parses an SRT stream id. The SRT access control form <c>#!::r=app/stream,m=publish|request</c>
/// (other standard keys u=, s=, h=, t=stream and unknown keys are tolerated), and the plain forms
/// other servers accept: <c>app/stream</c> (play), <c>publish:app/stream</c>,
/// <c>read:app/stream</c> and <c>play:app/stream</c>. Refusals carry the spec's reject code.
/// </summary>
internal static class SrtStreamId
{
    /// <summary>SRTO_STREAMID holds at most 512 bytes.</summary>
    public const int MaxLength = 512;

    private const string KeyedPrefix = "#!::";

    public static bool TryParse(string? streamId, out SrtStreamRequest request, out int rejectReason, [NotNullWhen(false)] out string? error)
    {
        request = default;
        rejectReason = SrtRejectReason.BadRequest;
        if (string.IsNullOrEmpty(streamId))
            return Fail("no stream id; use #!::r=app/stream,m=publish|request", out error);
        if (streamId.Length > MaxLength)
            return Fail($"stream id longer than {MaxLength} characters", out error);
        return streamId.StartsWith(KeyedPrefix, StringComparison.Ordinal)
            ? TryParseKeyed(streamId.AsSpan(KeyedPrefix.Length), out request, out rejectReason, out error)
            : TryParsePlain(streamId, out request, out error);
    }

    private static bool TryParseKeyed(ReadOnlySpan<char> pairs, out SrtStreamRequest request, out int rejectReason, [NotNullWhen(false)] out string? error)
    {
        request = default;
        rejectReason = SrtRejectReason.BadRequest;
        string? resource = null;
        var mode = SrtMode.Play; // the spec's default mode is request
        foreach (var range in pairs.Split(','))
        {
            var pair = pairs[range];
            var equals = pair.IndexOf('=');
            if (equals <= 0)
                return Fail($"'{pair}' is not key=value", out error);
            var key = pair[..equals];
            var value = pair[(equals + 1)..];
            switch (key)
            {
                case "r":
                    resource = value.ToString();
                    break;
                case "m" when value is "publish":
                    mode = SrtMode.Publish;
                    break;
                case "m" when value is "request":
                    mode = SrtMode.Play;
                    break;
                case "m":
                    rejectReason = SrtRejectReason.BadMode;
                    return Fail($"mode m={value} is not supported (publish or request)", out error);
                case "t" when value is not "stream":
                    rejectReason = SrtRejectReason.UnsupportedMedia;
                    return Fail($"type t={value} is not supported (stream only)", out error);
                default:
                    break; // u=, s=, h=, t=stream and keys of other services carry nothing the gateway needs
            }
        }
        if (resource is null)
            return Fail("no r= (resource, app/stream) in the stream id", out error);
        return TryKey(resource, mode, out request, out error);
    }

    private static bool TryParsePlain(string streamId, out SrtStreamRequest request, [NotNullWhen(false)] out string? error)
    {
        request = default;
        var colon = streamId.IndexOf(':');
        if (colon < 0)
            return TryKey(streamId, SrtMode.Play, out request, out error);
        SrtMode? mode = streamId[..colon] switch
        {
            "publish" => SrtMode.Publish,
            "read" or "play" => SrtMode.Play,
            _ => null,
        };
        if (mode is null)
            return Fail($"unknown prefix '{streamId[..colon]}:' (publish:, read: or play:)", out error);
        return TryKey(streamId[(colon + 1)..], mode.Value, out request, out error);
    }

    private static bool TryKey(string resource, SrtMode mode, out SrtStreamRequest request, [NotNullWhen(false)] out string? error)
    {
        request = default;
        var parts = resource.Split('/');
        if (parts.Length != 2)
            return Fail($"resource '{resource}' is not app/stream", out error);
        if (!StreamKey.TryCreate(parts[0], parts[1], out var key, out error))
            return false;
        request = new SrtStreamRequest(mode, key.Value);
        return true;
    }

    private static bool Fail(string message, out string error)
    {
        error = message;
        return false;
    }
}
