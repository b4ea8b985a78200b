using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace InteropGateway.Adapters.Udp.Plain;

/// <summary>
/// A route's <c>udp://host:port[?interface=ip&amp;ttl=n]</c>: the address (a multicast group or a
/// unicast address), the local interface for multicast (IP_MULTICAST_IF and the group join), and
/// the multicast TTL of an output.
/// </summary>
internal sealed record UdpUrl(IPEndPoint EndPoint, IPAddress? Interface, int Ttl)
{
    private const int DefaultTtl = 1; // stay on the local network unless told otherwise

    public bool IsMulticast => EndPoint.Address.AddressFamily == AddressFamily.InterNetwork
        ? EndPoint.Address.GetAddressBytes()[0] is >= 224 and <= 239
        : EndPoint.Address.IsIPv6Multicast;

    public override string ToString() => IsMulticast
        ? $"udp://{EndPoint} (multicast, ttl {Ttl}, interface {Interface?.ToString() ?? "default"})"
        : $"udp://{EndPoint}";

    public static bool TryParse(string text, [NotNullWhen(true)] out UdpUrl? url, [NotNullWhen(false)] out string? error)
    {
        url = null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != "udp")
            return Fail($"'{text}' is not a udp://host:port URL", out error);
        if (!IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address))
            return Fail($"'{uri.Host}' is not an IP address (names are not resolved for UDP routes)", out error);
        if (uri.Port is <= 0 or > 65535)
            return Fail($"'{text}' has no port", out error);
        IPAddress? localInterface = null;
        var ttl = DefaultTtl;
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (name, value) = pair.IndexOf('=') is var eq and >= 0 ? (pair[..eq], Uri.UnescapeDataString(pair[(eq + 1)..])) : (pair, "");
            switch (name)
            {
                case "interface" when IPAddress.TryParse(value, out var parsed):
                    localInterface = parsed;
                    break;
                case "ttl" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsedTtl) && parsedTtl is >= 1 and <= 255:
                    ttl = parsedTtl;
                    break;
                default:
                    return Fail($"'{pair}' in '{text}' is not understood (interface=IP, ttl=1..255)", out error);
            }
        }
        url = new UdpUrl(new IPEndPoint(address, uri.Port), localInterface, ttl);
        error = null;
        return true;
    }

    private static bool Fail(string message, out string error)
    {
        error = message;
        return false;
    }
}
