using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace InteropGateway.Adapters.WebRtc.Sessions;

/// <summary>The addresses put in our host candidates: the configured ones, or every IPv4 address of the machine.</summary>
internal static class CandidateAddresses
{
    public static IReadOnlyList<string> Resolve(IReadOnlyList<string> configured)
    {
        if (configured.Count > 0)
            return configured;
        var addresses = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork)
            // Non-loopback first: a remote browser tries them in order of priority.
            .OrderBy(a => IPAddress.IsLoopback(a))
            .Select(a => a.ToString())
            .Distinct()
            .ToList();
        return addresses.Count > 0 ? addresses : ["127.0.0.1"];
    }
}
