using InteropGateway.Adapters.Udp.Srt.Caller;

namespace InteropGateway.Tests.Udp.Srt;

public sealed class SrtUrlTests
{
    [Fact]
    public void A_full_url_keeps_the_unencoded_stream_id_and_redacts_the_passphrase()
    {
        Assert.True(SrtUrl.TryParse("srt://ingest.example.com:9000?streamid=#!::r=live/x,m=publish&passphrase=0123456789ab&latency=200&pbkeylen=32&mode=caller",
            out var url, out var error), error);
        Assert.Equal(new SrtUrl("ingest.example.com", 9000, "#!::r=live/x,m=publish", "0123456789ab", 200, 32), url);
        Assert.Equal("srt://ingest.example.com:9000?streamid=#!::r=live/x,m=publish&passphrase=***", url.Redacted);
    }

    [Fact]
    public void Percent_encoded_values_and_ipv6_hosts_are_understood()
    {
        Assert.True(SrtUrl.TryParse("srt://[::1]:10080?streamid=%23%21%3A%3Ar%3Dlive%2Fx", out var url, out var error), error);
        Assert.Equal("::1", url.Host);
        Assert.Equal("#!::r=live/x", url.StreamId);
        Assert.Equal("srt://[::1]:10080?streamid=#!::r=live/x", url.Redacted);
    }

    [Theory]
    [InlineData("rtmp://host:1935/live/x", "not an srt:// URL")]
    [InlineData("srt://host", "needs host:port")]
    [InlineData("srt://host:70000", "needs host:port")]
    [InlineData("srt://host:9000?passphrase=short", "10 to 79")]
    [InlineData("srt://host:9000?latency=-5", "latency=-5")]
    [InlineData("srt://host:9000?pbkeylen=20", "pbkeylen=20")]
    [InlineData("srt://host:9000?mode=listener", "always the caller")]
    public void Bad_urls_say_what_is_wrong(string text, string message)
    {
        Assert.False(SrtUrl.TryParse(text, out _, out var error));
        Assert.Contains(message, error);
    }
}
