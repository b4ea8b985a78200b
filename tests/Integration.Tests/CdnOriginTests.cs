using System.Net;
using InteropGateway.Tests.Integration.Infrastructure;

namespace InteropGateway.Tests.Integration;

/// <summary>
/// Origin role: CDN edges pull from the gateway. nginx-rtmp pulls by RTMP (its <c>pull</c>
/// directive); nginx's caching HTTP proxy stands in for an HTTP-FLV edge and must neither cache
/// the live stream nor a "not published yet" answer.
/// </summary>
[Collection("cdn")]
public sealed class CdnOriginTests(CdnFixture gateway, ITestOutputHelper output)
{
    private static readonly TimeSpan PlayerTimeout = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task Nginx_rtmp_edge_pulls_from_the_gateway_and_its_players_decode()
    {
        var clip = await SourceMedia.ClipAsync(10);
        await using var publisher = await BackgroundPublisher.StartAsync(gateway, clip, "live/origin");
        var played = await Ffmpeg.RunAsync($"-v error -i {gateway.Nginx.RtmpUrl("gwedge/origin")} -t 3 -f null -", PlayerTimeout);
        output.WriteLine(played.ToString());
        Assert.True(played.ExitCode == 0 && played.Stderr.Trim().Length == 0, played.ToString());
        var probe = await Ffmpeg.ProbeAsync($"-v error -show_entries stream=codec_name -of csv=p=0 {gateway.Nginx.RtmpUrl("gwedge/origin")}", PlayerTimeout);
        Assert.Equal(["aac", "h264"], probe.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order().ToArray());
    }

    [Fact]
    public async Task Http_flv_through_a_caching_edge_is_never_cached_not_even_a_404()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        // Asked before it is published: 404 after the play wait, marked uncacheable.
        using (var early = await http.GetAsync(gateway.Nginx.HttpUrl("/live/cached.flv"), HttpCompletionOption.ResponseHeadersRead))
        {
            output.WriteLine($"before publish: {(int)early.StatusCode} {early.Headers}");
            Assert.Equal(HttpStatusCode.NotFound, early.StatusCode);
            Assert.True(early.Headers.CacheControl?.NoStore, "the 404 is cacheable");
        }

        // Published now: the edge must fetch it again (a cached 404 would be a HIT), and not cache the stream either.
        var clip = await SourceMedia.ClipAsync(10);
        await using var publisher = await BackgroundPublisher.StartAsync(gateway, clip, "live/cached");
        for (var i = 0; i < 2; i++)
        {
            using var response = await http.GetAsync(gateway.Nginx.HttpUrl("/live/cached.flv"), HttpCompletionOption.ResponseHeadersRead);
            var cacheStatus = response.Headers.TryGetValues("X-Cache-Status", out var values) ? string.Join(",", values) : "";
            output.WriteLine($"request {i}: {(int)response.StatusCode} cache {cacheStatus}; {response.Headers} {response.Content.Headers}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.NotEqual("HIT", cacheStatus);
            Assert.Equal("video/x-flv", response.Content.Headers.ContentType?.MediaType);
            Assert.True(response.Headers.CacheControl?.NoStore, "the live stream is cacheable");
            await using var body = await response.Content.ReadAsStreamAsync();
            var head = new byte[3];
            await body.ReadExactlyAsync(head).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal("FLV"u8.ToArray(), head);
        }

        // Straight from the gateway: the header that makes proxies stream instead of buffering.
        using (var direct = await http.GetAsync(gateway.FlvUrl("live/cached"), HttpCompletionOption.ResponseHeadersRead))
            Assert.Equal("no", Assert.Single(direct.Headers.GetValues("X-Accel-Buffering")));

        var played = await Ffmpeg.RunAsync($"-v error -i {gateway.Nginx.HttpUrl("/live/cached.flv")} -t 2 -f null -", PlayerTimeout);
        output.WriteLine(played.ToString());
        Assert.True(played.ExitCode == 0 && played.Stderr.Trim().Length == 0, played.ToString());
    }
}
