using Microsoft.Extensions.Configuration;

namespace InteropGateway.Adapters.WebRtc.Sessions;

/// <summary>
/// The gateway's one multiplexed TCP port as far as our candidates need it. The host owns the section
/// (<c>Gateway:Tls</c>); it is read here from configuration so the adapter does not depend on the host.
/// </summary>
internal readonly record struct MultiplexedPort(bool Enabled, int Port)
{
    public const int DefaultPort = 8443;

    public static MultiplexedPort From(IConfiguration configuration) => new(
        configuration.GetValue("Gateway:Tls:Enabled", true),
        configuration.GetValue("Gateway:Tls:Port", DefaultPort));
}
