using System.Globalization;

namespace InteropGateway.Adapters.WebRtc.Sdp;

/// <summary>
/// Parses SDP text (RFC 8866) strictly enough to reject what we would misread: v= first, known line
/// types, well-formed m= lines, and well-formed values for the attributes the answer relies on.
/// Unknown attributes are kept as they are. Limits bound the work a peer can ask for.
/// </summary>
public static class SdpParser
{
    public const int MaxLength = 64 * 1024;
    public const int MaxMediaSections = 32;

    public static SessionDescription Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxLength)
            throw new SdpFormatException(0, $"description is {text.Length} characters, the limit is {MaxLength}");

        var session = new SessionDescription();
        MediaDescription? media = null;
        var lineNumber = 0;
        var sawVersion = false;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.TrimEnd('\r');
            if (line.Length == 0)
                continue; // tolerate a trailing blank line and stray LFs
            if (line.Length < 2 || line[1] != '=' || !char.IsAsciiLetterLower(line[0]))
                throw new SdpFormatException(lineNumber, $"expected '<letter>=<value>', got '{Truncate(line)}'");
            var type = line[0];
            var value = line[2..];
            if (!sawVersion)
            {
                if (type != 'v')
                    throw new SdpFormatException(lineNumber, "the first line must be 'v=0'");
                if (value != "0")
                    throw new SdpFormatException(lineNumber, $"unsupported SDP version '{Truncate(value)}'");
                sawVersion = true;
                continue;
            }

            switch (type)
            {
                case 'v':
                    throw new SdpFormatException(lineNumber, "a second 'v=' line");
                case 'o' when media is null:
                    if (value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length != 6)
                        throw new SdpFormatException(lineNumber, "o= needs 6 fields: username sess-id sess-version nettype addrtype address");
                    session.Origin = value;
                    break;
                case 's' when media is null:
                    session.SessionName = value;
                    break;
                case 't' when media is null:
                    session.Timing = value;
                    break;
                case 'c':
                    if (value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length != 3)
                        throw new SdpFormatException(lineNumber, "c= needs 3 fields: nettype addrtype address");
                    if (media is null)
                        session.Connection = value;
                    else
                        media.Connection = value;
                    break;
                case 'm':
                    if (session.Media.Count == MaxMediaSections)
                        throw new SdpFormatException(lineNumber, $"more than {MaxMediaSections} media sections");
                    media = ParseMediaLine(value, lineNumber);
                    session.Media.Add(media);
                    break;
                case 'a':
                    var attribute = ParseAttribute(value, lineNumber);
                    ((SdpAttributeList?)media ?? session).Attributes.Add(attribute);
                    break;
                case 'i' or 'u' or 'e' or 'p' or 'b' or 'k' or 'r' or 'z':
                    break; // informational or bandwidth lines: not used by the gateway
                default:
                    throw new SdpFormatException(lineNumber, $"unexpected '{type}=' line {(media is null ? "at session level" : "in a media section")}");
            }
        }
        if (!sawVersion)
            throw new SdpFormatException(0, "empty description");
        return session;
    }

    private static MediaDescription ParseMediaLine(string value, int lineNumber)
    {
        // m=<media> <port>[/<number of ports>] <proto> <fmt> ...
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 4)
            throw new SdpFormatException(lineNumber, "m= needs '<media> <port> <proto> <fmt> ...'");
        var portText = parts[1];
        var slash = portText.IndexOf('/');
        if (slash >= 0)
            portText = portText[..slash];
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
            throw new SdpFormatException(lineNumber, $"m= port '{parts[1]}' is not 0..65535");
        var media = new MediaDescription { Kind = parts[0], Port = port, Protocol = parts[2], LineNumber = lineNumber };
        for (var i = 3; i < parts.Length; i++)
        {
            if (media.IsRtp && !SdpPayloadType.TryParse(parts[i], out _))
                throw new SdpFormatException(lineNumber, $"m= format '{Truncate(parts[i])}' is not an RTP payload type 0..127");
            media.Formats.Add(parts[i]);
        }
        return media;
    }

    private static SdpAttribute ParseAttribute(string text, int lineNumber)
    {
        var colon = text.IndexOf(':');
        var name = colon < 0 ? text : text[..colon];
        var value = colon < 0 ? null : text[(colon + 1)..];
        if (name.Length == 0)
            throw new SdpFormatException(lineNumber, "attribute without a name");
        var reason = Validate(name, value);
        if (reason is not null)
            throw new SdpFormatException(lineNumber, $"a={name}: {reason}");
        return new SdpAttribute(name, value);
    }

    /// <summary>Checks the attributes the gateway acts on; null when fine.</summary>
    private static string? Validate(string name, string? value)
    {
        switch (name)
        {
            case "rtpmap":
                return SdpRtpMap.TryParse(value, out _, out var error) ? null : error;
            case "fmtp":
                return SdpFmtp.TryParse(value, out _) ? null : "expected '<payload type> <parameters>'";
            case "rtcp-fb":
                return SdpRtcpFeedback.TryParse(value, out _) ? null : "expected '<payload type|*> <type> [<parameter>]'";
            case "ssrc":
                return SdpSsrc.TryParse(value, out _) ? null : "expected '<ssrc 0..4294967295> <attribute>[:<value>]'";
            case "ssrc-group":
                return SdpSsrcGroup.TryParse(value, out _) ? null : "expected '<semantics> <ssrc> ...'";
            case "candidate":
                return SdpCandidate.TryParse(value, out _) ? null : "expected '<foundation> <component> <transport> <priority> <address> <port> typ <type> ...'";
            case "fingerprint":
                return SdpFingerprint.TryParse(value, out _) ? null : "expected '<hash function> <hex pairs separated by colons>'";
            case "setup":
                return SdpSetupRoleNames.TryParse(value, out _) ? null : $"'{value}' is not actpass, active, passive or holdconn";
            case "group":
                return SdpGroup.TryParse(value, out _) ? null : "expected '<semantics> <mid> ...'";
            case "msid":
                return SdpMsid.TryParse(value, out _) ? null : "expected '<stream id> [<track id>]'";
            case "extmap":
                return SdpExtmap.TryParse(value, out _) ? null : "expected '<id 1..255>[/<direction>] <uri> [<attributes>]'";
            case "mid" or "ice-ufrag" or "ice-pwd":
                return string.IsNullOrWhiteSpace(value) ? "empty value" : null;
            case "sendrecv" or "sendonly" or "recvonly" or "inactive" or "rtcp-mux" or "ice-lite":
                return value is null ? null : "takes no value";
            default:
                return null;
        }
    }

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
