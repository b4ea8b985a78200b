using System.Globalization;
using System.Text;

namespace InteropGateway.Adapters.WebRtc.Sdp;

/// <summary>
/// RFC 8839 <c>a=candidate:foundation component transport priority address port typ type [raddr ..
/// rport ..] [tcptype ..] [extensions]</c>. Named Sdp* to keep it apart from the ICE agent's own model.
/// </summary>
public sealed record SdpCandidate(
    string Foundation,
    int Component,
    string Transport,
    uint Priority,
    string Address,
    int Port,
    string Type,
    string? RelatedAddress = null,
    int? RelatedPort = null,
    string? TcpType = null)
{
    /// <summary>A host candidate. RFC 8445 §5.1.2.1 priority with type preference 126 (host), local preference by transport.</summary>
    public static SdpCandidate Host(string foundation, string transport, string address, int port, int localPreference = 65535)
    {
        var isTcp = transport.Equals("tcp", StringComparison.OrdinalIgnoreCase);
        var priority = (126u << 24) | ((uint)localPreference << 8) | (256 - 1);
        return new SdpCandidate(foundation, 1, isTcp ? "tcp" : "udp", priority, address, port, "host", TcpType: isTcp ? "passive" : null);
    }

    public static bool TryParse(string? value, out SdpCandidate candidate)
    {
        candidate = null!;
        if (value is null)
            return false;
        if (value.StartsWith("candidate:", StringComparison.Ordinal))
            value = value["candidate:".Length..];
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 8 || parts[6] != "typ")
            return false;
        if (!int.TryParse(parts[1], NumberStyles.None, null, out var component) || component is < 1 or > 256)
            return false;
        if (!uint.TryParse(parts[3], NumberStyles.None, null, out var priority))
            return false;
        if (!int.TryParse(parts[5], NumberStyles.None, null, out var port) || port > 65535)
            return false;
        string? raddr = null, tcptype = null;
        int? rport = null;
        for (var i = 8; i + 1 < parts.Length; i += 2)
        {
            switch (parts[i])
            {
                case "raddr": raddr = parts[i + 1]; break;
                case "rport":
                    if (!int.TryParse(parts[i + 1], NumberStyles.None, null, out var rp) || rp > 65535)
                        return false;
                    rport = rp;
                    break;
                case "tcptype": tcptype = parts[i + 1]; break;
            }
        }
        candidate = new SdpCandidate(parts[0], component, parts[2].ToLowerInvariant(), priority, parts[4], port, parts[7], raddr, rport, tcptype);
        return true;
    }

    public override string ToString()
    {
        var text = new StringBuilder()
            .Append(Foundation).Append(' ').Append(Component).Append(' ').Append(Transport).Append(' ')
            .Append(Priority).Append(' ').Append(Address).Append(' ').Append(Port).Append(" typ ").Append(Type);
        if (RelatedAddress is not null)
            text.Append(" raddr ").Append(RelatedAddress);
        if (RelatedPort is not null)
            text.Append(" rport ").Append(RelatedPort.Value);
        if (TcpType is not null)
            text.Append(" tcptype ").Append(TcpType);
        return text.ToString();
    }
}
