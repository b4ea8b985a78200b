using InteropGateway.Adapters.Udp.Plain;

namespace InteropGateway.Tests.Udp.Plain;

/// <summary>The route URLs an operator writes in Gateway:Udp, and the clear refusals of ones that can't work.</summary>
public sealed class UdpUrlTests
{
    [Fact]
    public void A_unicast_url_is_an_address_and_port()
    {
        Assert.True(UdpUrl.TryParse("udp://0.0.0.0:5000", out var url, out var error), error);
        Assert.Equal("0.0.0.0:5000", url.EndPoint.ToString());
        Assert.False(url.IsMulticast);
    }

    [Fact]
    public void A_multicast_url_carries_its_interface_and_ttl()
    {
        Assert.True(UdpUrl.TryParse("udp://239.1.1.1:5002?ttl=4&interface=127.0.0.1", out var url, out var error), error);
        Assert.True(url.IsMulticast);
        Assert.Equal(("239.1.1.1:5002", "127.0.0.1", 4), (url.EndPoint.ToString(), url.Interface?.ToString(), url.Ttl));
        Assert.Contains("multicast, ttl 4, interface 127.0.0.1", url.ToString());
    }

    [Fact]
    public void Multicast_ttl_defaults_to_1_so_nothing_leaves_the_local_network_unasked()
    {
        Assert.True(UdpUrl.TryParse("udp://239.1.1.1:5002", out var url, out _));
        Assert.Equal(1, url.Ttl);
    }

    [Theory]
    [InlineData("srt://127.0.0.1:5000", "is not a udp://")]
    [InlineData("udp://example.com:5000", "not an IP address")]
    [InlineData("udp://127.0.0.1", "has no port")]
    [InlineData("udp://239.1.1.1:5000?ttl=0", "is not understood")]
    [InlineData("udp://239.1.1.1:5000?iface=lo", "is not understood")]
    public void Bad_urls_are_refused_with_a_reason(string text, string reason)
    {
        Assert.False(UdpUrl.TryParse(text, out _, out var error));
        Assert.Contains(reason, error);
    }
}
