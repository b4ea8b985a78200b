using System.Buffers;
using InteropGateway.Adapters.RelayNode.Wire;
using InteropGateway.Core.Relay;
using InteropGateway.Core.Sessions;
using InteropGateway.Matrix;
using InteropGateway.Tests.Integration.Infrastructure;

namespace InteropGateway.Tests.Integration.RelayNode;

/// <summary>
/// A relay node that can't get through says why, in its log, and keeps retrying with backoff:
/// wrong proxy credentials (the proxy's 407), a certificate that doesn't match the pin (TLS), a
/// wrong relay token (the upstream's 401).
/// </summary>
[Collection("relay-chain")]
public sealed class RelayLinkFailureTests(RelayChainFixture chain, ITestOutputHelper output)
{
    [Fact]
    public async Task Wrong_proxy_credentials_are_logged_with_the_407_and_retried()
    {
        var settings = chain.Through(chain.Proxy1) with { ProxyPassword = "wrong" };
        var line = await PushFromNewRelayAsync(settings, "bad/proxycreds", "retry 2 in");
        Assert.Contains("407", line);
        Assert.True(chain.Proxy1.AuthRefusals >= 2, $"{chain.Proxy1.AuthRefusals} 407s");
    }

    [Fact]
    public async Task Certificate_not_matching_the_pin_is_refused_with_a_clear_tls_error()
    {
        var settings = chain.Through(null) with { PinnedSha256 = new string('0', 64) };
        var (line, relay) = await PushFromNewRelayKeptAsync(settings, "bad/pin", "retry 1 in");
        await using (relay)
        {
            Assert.Contains("SSL", line);
            var why = await relay.Logs.WaitForAsync(TimeSpan.FromSeconds(1), "TLS certificate of the upstream", "not the pinned");
            Assert.NotNull(why);
            Assert.Contains(chain.UpstreamSha256, why);
        }
    }

    [Fact]
    public async Task Wrong_token_is_refused_by_the_upstream_with_401_and_its_reason()
    {
        var settings = chain.Through(null) with { Token = "not-the-token" };
        var line = await PushFromNewRelayAsync(settings, "bad/token", "retry 1 in");
        Assert.Contains("upstream refused with 401", line);
        Assert.Contains("wrong relay token", line);
        Assert.NotNull(await chain.Upstream.Logs.WaitForAsync(TimeSpan.FromSeconds(1), "Relay push of bad/token from", "refused with 401"));
        Assert.Null(chain.Upstream.Hub.Find(new StreamKey("bad", "token"))?.Publisher);
    }

    [Fact]
    public async Task Upstream_answers_bad_relay_bodies_with_400_or_ends_the_push_with_the_reason()
    {
        using var http = new HttpClient();
        bool? closesConnection = null;
        async Task<(int Status, string Body)> PostAsync(string key, byte[] body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, chain.Upstream.HttpUrl($"/relay/publish/{key}")) { Content = new ByteArrayContent(body) };
            request.Headers.Authorization = new("Bearer", UpstreamGateway.Token);
            using var response = await http.SendAsync(request);
            closesConnection = response.Headers.ConnectionClose;
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        var garbage = await PostAsync("bad/garbage", "GET / HTTP/1.1\r\n\r\n"u8.ToArray());
        Assert.Equal((400, "bad relay body: not a relay stream (bad magic)\n"), garbage);
        // The HTTP/1.1 connection is closed after a refused body, and says so: a client reusing it
        // would have its next request fail on the close (this test's next POST did, once in a full run).
        Assert.True(closesConnection, "the 400 did not carry Connection: close");

        // A valid start, then a frame header claiming 100 MB: accepted (200 went out after the Hello),
        // then the publication ends at once with the reason, before anything of that size is read.
        var writer = new ArrayBufferWriter<byte>();
        RelayWireWriter.WritePreamble(writer);
        RelayWireWriter.WriteHello(writer, "rtmp");
        writer.Write(new byte[] { (byte)RelayRecordType.Frame, 0x05, 0xf5, 0xe1, 0x00 }); // 0x05f5e100 = 100,000,000
        var oversize = await PostAsync("bad/oversize", writer.WrittenSpan.ToArray());
        output.WriteLine($"{oversize.Status}: {oversize.Body}");
        Assert.Equal(200, oversize.Status);
        Assert.Contains("Frame record of 100000000 bytes exceeds the limit", oversize.Body);
        Assert.NotNull(await chain.Upstream.Logs.WaitForAsync(TimeSpan.FromSeconds(1), "Relay push", "of bad/oversize refused: bad relay body"));
    }

    private async Task<string> PushFromNewRelayAsync(RelayLinkSettings settings, string key, string retryFragment)
    {
        var (line, relay) = await PushFromNewRelayKeptAsync(settings, key, retryFragment);
        await relay.DisposeAsync();
        return line;
    }

    /// <summary>
    /// Starts a relay node with <paramref name="settings"/>, publishes <paramref name="key"/> on it
    /// in process (the push starts for any live stream; no media needed to fail at the link) and
    /// returns the push failure line that contains <paramref name="retryFragment"/>.
    /// </summary>
    private async Task<(string Line, RelayNodeGateway Relay)> PushFromNewRelayKeptAsync(RelayLinkSettings settings, string key, string retryFragment)
    {
        var relay = new RelayNodeGateway(settings);
        await relay.InitializeAsync();
        var parts = key.Split('/');
        Assert.True(relay.Hub.TryPublish(new StreamKey(parts[0], parts[1]), new SessionInfo(Protocols.Rtmp, null, SessionInfo.NewId()), out var publication, out _));
        using (publication)
        {
            var line = await relay.Logs.WaitForAsync(TimeSpan.FromSeconds(10), $"Relay push of {key} to", "failed:", retryFragment);
            foreach (var l in relay.Logs.Lines.Where(l => l.Contains("Relay")))
                output.WriteLine(l);
            Assert.NotNull(line);
            return (line, relay);
        }
    }
}
