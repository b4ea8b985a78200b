using InteropGateway.Adapters.WebRtc;
using InteropGateway.Adapters.WebRtc.Sdp;
using InteropGateway.Adapters.WebRtc.Sessions;
using InteropGateway.Adapters.WebRtc.Transport;
using InteropGateway.Adapters.WebRtc.Whip;
using InteropGateway.Core.Relay;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace InteropGateway.Tests.WebRtc;

/// <summary>Which host candidates an answer carries: all three ways in, or only ICE-TCP on the multiplexed TLS port.</summary>
public sealed class AnswerCandidateTests
{
    private static readonly string[] Addresses = ["192.0.2.10", "198.51.100.7"];
    private static readonly CandidatePorts AllPorts = new(Udp: 8000, IceTcp: 8001, Multiplexed: 8443);

    [Fact]
    public void Policy_all_offers_udp_ice_tcp_and_the_multiplexed_port_lowest()
    {
        var chosen = AnswerCandidates.Choose(Addresses, AllPorts, CandidatePolicy.All, clientAskedForTcp: false).Candidates;

        Assert.Equal(6, chosen.Count);
        foreach (var address in Addresses)
        {
            var mine = chosen.Where(c => c.Address == address).ToList();
            Assert.Equal([("udp", 8000, null), ("tcp", 8001, "passive"), ("tcp", 8443, "passive")],
                mine.Select(c => (c.Transport, c.Port, c.TcpType)));
            Assert.All(mine, c => Assert.Equal("host", c.Type));
            Assert.True(mine[0].Priority > mine[1].Priority && mine[1].Priority > mine[2].Priority);
        }
        // The multiplexed port is the last resort of every address, not only its own.
        var lowestOther = chosen.Where(c => c.Port != 8443).Min(c => c.Priority);
        Assert.All(chosen.Where(c => c.Port == 8443), c => Assert.True(c.Priority < lowestOther));
        Assert.Equal(chosen.Count, chosen.Select(c => c.Foundation).Distinct().Count());
    }

    [Theory]
    [InlineData(CandidatePolicy.TlsPortOnly, false)]
    [InlineData(CandidatePolicy.All, true)]
    [InlineData(CandidatePolicy.TlsPortOnly, true)]
    public void Policy_tls_port_only_or_a_tcp_request_offers_only_the_multiplexed_port(CandidatePolicy policy, bool askedForTcp)
    {
        var choice = AnswerCandidates.Choose(Addresses, AllPorts, policy, askedForTcp);

        Assert.Equal(Addresses, choice.Candidates.Select(c => c.Address));
        Assert.All(choice.Candidates, c => Assert.Equal(("tcp", 8443, "passive", "host"), (c.Transport, c.Port, c.TcpType, c.Type)));
        Assert.Contains(askedForTcp ? "transport=tcp" : "TlsPortOnly", choice.Reason);
    }

    [Fact]
    public void A_tcp_request_without_the_multiplexed_port_falls_back_to_the_ice_tcp_port()
    {
        var choice = AnswerCandidates.Choose(Addresses, AllPorts with { Multiplexed = null }, CandidatePolicy.All, clientAskedForTcp: true);
        Assert.All(choice.Candidates, c => Assert.Equal(("tcp", 8001), (c.Transport, c.Port)));
        Assert.Contains("multiplexed port is off", choice.Reason);

        var noTcp = AnswerCandidates.Choose(Addresses, new CandidatePorts(8000, null, null), CandidatePolicy.TlsPortOnly, clientAskedForTcp: false);
        Assert.All(noTcp.Candidates, c => Assert.Equal(("udp", 8000), (c.Transport, c.Port)));
    }

    [Fact]
    public void The_multiplexed_port_is_read_from_the_hosts_tls_section()
    {
        Assert.Equal(new MultiplexedPort(true, 8443), MultiplexedPort.From(Configuration([])));
        Assert.Equal(new MultiplexedPort(false, 443), MultiplexedPort.From(Configuration(new()
        {
            ["Gateway:Tls:Port"] = "443",
            ["Gateway:Tls:Enabled"] = "false",
        })));
    }

    [Theory]
    [InlineData("?transport=tcp", true)]
    [InlineData("?transport=TCP&token=x", true)]
    [InlineData("?transport=udp", false)]
    [InlineData("", false)]
    public void The_transport_query_asks_for_tcp(string query, bool asksForTcp)
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString(query);
        Assert.Equal(asksForTcp, WhipEndpoints.AsksForTcp(context.Request));
    }

    [Theory]
    [InlineData(null, false, new[] { "udp 8000", "tcp 8000", "tcp 8443" })]
    [InlineData(null, true, new[] { "tcp 8443" })]
    [InlineData("TlsPortOnly", false, new[] { "tcp 8443" })]
    public async Task A_whep_answer_carries_the_candidates_configuration_and_request_ask_for(string? policy, bool askedForTcp, string[] expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Gateway:WebRtc:UdpPort"] = "8000",
            ["Gateway:WebRtc:TcpPort"] = "8000",
            ["Gateway:WebRtc:CandidateAddresses:0"] = "192.0.2.10",
        };
        if (policy is not null)
            settings["Gateway:WebRtc:CandidatePolicy"] = policy;
        await using var services = Services(Configuration(settings));
        var sessions = services.GetRequiredService<WebRtcSessions>();

        var result = await sessions.CreateAsync(WhipRole.Egress, new StreamKey("live", "candidates"), SdpTestOffers.ChromeWhepRecvOnly,
            remote: null, askedForTcp, CancellationToken.None);
        try
        {
            Assert.Equal(201, result.Status);
            var accepted = SessionDescription.Parse(result.Answer!).Media.Where(m => !m.IsRejected).ToList();
            Assert.Equal(2, accepted.Count); // video and audio
            Assert.All(accepted, media =>
            {
                Assert.Equal(expected, media.Candidates.Select(c => $"{c.Transport} {c.Port}"));
                Assert.All(media.Candidates, c => Assert.Equal("192.0.2.10", c.Address));
                Assert.All(media.Candidates.Where(c => c.Transport == "tcp"), c => Assert.Equal("passive", c.TcpType));
            });
        }
        finally
        {
            sessions.Close(result.SessionId!, "test over");
        }
    }

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

    /// <summary>The adapter's services as the host wires them, around a transport server that is never started.</summary>
    private static ServiceProvider Services(IConfiguration configuration)
    {
        var section = configuration.GetSection(WebRtcOptions.Section);
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddLogging();
        services.Configure<WebRtcOptions>(section);
        services.Configure<WebRtcTransportOptions>(section);
        services.AddSingleton<WebRtcTransportServer>();
        services.AddSingleton<StreamHub>();
        services.AddSingleton<WebRtcSessions>();
        return services.BuildServiceProvider();
    }
}
