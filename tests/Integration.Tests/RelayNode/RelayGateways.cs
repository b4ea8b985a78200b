using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using InteropGateway.Tests.Integration.Infrastructure;

namespace InteropGateway.Tests.Integration.RelayNode;

/// <summary>The upstream gateway of the relay tests: an ordinary gateway that asks relay nodes for a token.</summary>
public sealed class UpstreamGateway : GatewayFixture
{
    public const string Token = "relay-secret";

    protected override IEnumerable<string> ExtraSettings() =>
    [
        $"--Gateway:RelayNode:AcceptToken={Token}",
        "--Gateway:Relay:PublisherGracePeriod=00:00:10",
    ];

    /// <summary>
    /// Stops the gateway, stays down for <paramref name="downtime"/>, then starts a new one from the
    /// same settings on the same ports: a restart of the process, its streams and connections gone.
    /// </summary>
    public async Task RestartAsync(TimeSpan downtime)
    {
        await DisposeAsync();
        await Task.Delay(downtime);
        await InitializeAsync();
    }

    /// <summary>What a client sees on the TLS port: the SHA-256 of the certificate, for pinning.</summary>
    public async Task<string> CertificateSha256Async()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", TlsPort);
        await using var tls = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync("127.0.0.1");
        return Convert.ToHexString(SHA256.HashData(tls.RemoteCertificate!.GetRawCertData()));
    }
}

/// <summary>How a relay node under test reaches its upstream.</summary>
public sealed record RelayLinkSettings(string UpstreamUrl, string? ProxyUrl, string Token, string PinnedSha256,
    string ProxyUser = RelayLinkSettings.User, string ProxyPassword = RelayLinkSettings.Password)
{
    public const string User = "relay";
    public const string Password = "proxy-pass";
}

/// <summary>A gateway in the relay role; its local clients use it like any gateway.</summary>
public sealed class RelayNodeGateway(RelayLinkSettings link) : GatewayFixture
{
    protected override IEnumerable<string> ExtraSettings() =>
    [
        $"--Gateway:RelayNode:Upstream={link.UpstreamUrl}",
        $"--Gateway:RelayNode:Proxy={link.ProxyUrl ?? ""}",
        $"--Gateway:RelayNode:ProxyUser={link.ProxyUser}",
        $"--Gateway:RelayNode:ProxyPassword={link.ProxyPassword}",
        $"--Gateway:RelayNode:Token={link.Token}",
        $"--Gateway:RelayNode:UpstreamCertificateSha256={link.PinnedSha256}",
        "--Gateway:RelayNode:ReconnectMinDelay=00:00:00.500",
        "--Gateway:RelayNode:ReconnectMaxDelay=00:00:02",
        "--Gateway:RelayNode:PullIdleTimeout=00:00:03",
        "--Gateway:Relay:PublisherGracePeriod=00:00:10",
    ];
}

/// <summary>
/// publisher -> relay R1 -> proxy P1 -> upstream U -> proxy P2 -> relay R2 -> player; each relay has
/// its own proxy so its tunnels can be counted.
/// </summary>
public class RelayChainFixture : IAsyncLifetime
{
    public UpstreamGateway Upstream { get; } = new();
    public ConnectProxy Proxy1 { get; } = new(RelayLinkSettings.User, RelayLinkSettings.Password);
    public ConnectProxy Proxy2 { get; } = new(RelayLinkSettings.User, RelayLinkSettings.Password);
    public RelayNodeGateway R1 { get; private set; } = null!;
    public RelayNodeGateway R2 { get; private set; } = null!;
    public string UpstreamSha256 { get; private set; } = "";

    public string UpstreamUrl => $"https://127.0.0.1:{Upstream.TlsPort}";

    public RelayLinkSettings Through(ConnectProxy? proxy) => new(UpstreamUrl, proxy?.Url, UpstreamGateway.Token, UpstreamSha256);

    public async Task InitializeAsync()
    {
        await Upstream.InitializeAsync();
        UpstreamSha256 = await Upstream.CertificateSha256Async();
        R1 = new RelayNodeGateway(Through(Proxy1));
        R2 = new RelayNodeGateway(Through(Proxy2));
        await R1.InitializeAsync();
        await R2.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await R2.DisposeAsync();
        await R1.DisposeAsync();
        await Upstream.DisposeAsync();
        await Proxy2.DisposeAsync();
        await Proxy1.DisposeAsync();
    }
}

public sealed class RelayRestartFixture : RelayChainFixture;

[CollectionDefinition("relay-chain")]
public sealed class RelayChainCollection : ICollectionFixture<RelayChainFixture>;

[CollectionDefinition("relay-restart")]
public sealed class RelayRestartCollection : ICollectionFixture<RelayRestartFixture>;
