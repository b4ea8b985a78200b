using Microsoft.Extensions.Configuration;

namespace InteropGateway.Core.Hosting;

/// <summary>Where the gateway listens, section <c>Gateway</c>. Adapters add their own ports.</summary>
public sealed class GatewayListenOptions
{
    public const string Section = "Gateway";

    /// <summary>Address every listener binds to: 0.0.0.0 for all interfaces, 127.0.0.1 for loopback only.</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>HTTP port: API, dashboard, HTTP-FLV, WHIP/WHEP, H5 WebSocket.</summary>
    public int HttpPort { get; set; } = 8080;

    /// <summary>Reads the section at build time, for code that must bind listeners before services exist.</summary>
    public static GatewayListenOptions From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<GatewayListenOptions>() ?? new();
}
