using System.Text;

namespace InteropGateway.Adapters.WebRtc.Sdp;

/// <summary>Writes a <see cref="SessionDescription"/> as SDP text with CRLF line ends (RFC 8866 §5).</summary>
public static class SdpWriter
{
    public static string Write(SessionDescription session)
    {
        var text = new StringBuilder(2048);
        Line(text, 'v', "0");
        Line(text, 'o', session.Origin);
        Line(text, 's', session.SessionName);
        if (session.Connection is not null)
            Line(text, 'c', session.Connection);
        Line(text, 't', session.Timing);
        foreach (var attribute in session.Attributes)
            Line(text, 'a', attribute.ToString());
        foreach (var media in session.Media)
        {
            Line(text, 'm', $"{media.Kind} {media.Port} {media.Protocol} {string.Join(' ', media.Formats)}");
            if (media.Connection is not null)
                Line(text, 'c', media.Connection);
            foreach (var attribute in media.Attributes)
                Line(text, 'a', attribute.ToString());
        }
        return text.ToString();
    }

    private static void Line(StringBuilder text, char type, string value) =>
        text.Append(type).Append('=').Append(value).Append("\r\n");
}
