using Microsoft.Extensions.DependencyInjection;
using InteropGateway.Tests.Integration.Infrastructure;
using Microsoft.Playwright;

namespace InteropGateway.Tests.Integration;

/// <summary>
/// WHEP and WHIP with Debian's Chromium (Playwright) against the real gateway on loopback: the
/// built-in pages at /webrtc/play and /webrtc/publish are the clients, window.whep / window.whip
/// carry the browser's getStats figures.
/// </summary>
public sealed class WebRtcTests(GatewayFixture gateway, ITestOutputHelper output) : IClassFixture<GatewayFixture>
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Chromium_plays_an_rtmp_stream_over_whep_h264_passed_through_and_audio_as_opus()
    {
        var clip = await SourceMedia.WebRtcClipAsync(20);
        const string key = "live/whep";
        await using var publisher = await BackgroundPublisher.StartAsync(gateway, clip, key);
        await using var chromium = await Chromium.LaunchAsync("--allow-loopback-in-peer-connection");
        var page = await chromium.NewPageAsync(output.WriteLine);

        await page.GotoAsync(gateway.HttpUrl($"/webrtc/play/{key}"));
        var stats = await WaitForAsync(page, "window.whep", s => s.FramesDecoded > 100, TimeSpan.FromSeconds(25));
        var later = await WaitForAsync(page, "window.whep", s => s.AudioPackets > stats.AudioPackets + 20, TimeSpan.FromSeconds(5));

        output.WriteLine($"whep: {stats} then {later}");
        Assert.Equal("connected", later.State);
        Assert.True(later.FramesDecoded > stats.FramesDecoded, "decoding stopped");
        var branch = Assert.Single(gateway.App.Services.GetRequiredService<InteropGateway.Core.Routing.MediaRouter>().Branches,
            b => b.Key.Source == publisher.Stream);
        Assert.Equal("aac->opus", $"{branch.Key.From.ToString().ToLowerInvariant()}->{branch.Key.To.ToString().ToLowerInvariant()}");
    }

    private sealed record PeerStats(string State, long FramesDecoded, long AudioPackets, string? Error)
    {
        public override string ToString() => $"{State}, {FramesDecoded} frames decoded, {AudioPackets} audio packets{(Error is null ? "" : ", error " + Error)}";
    }

    /// <summary>Polls the page's stats object until <paramref name="done"/> holds; fails with the page's error or last stats.</summary>
    private static async Task<PeerStats> WaitForAsync(IPage page, string expression, Func<PeerStats, bool> done, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        PeerStats? last = null;
        while (clock.Elapsed < timeout)
        {
            var json = await page.EvaluateAsync<System.Text.Json.JsonElement>($"JSON.stringify({expression})");
            var root = System.Text.Json.JsonDocument.Parse(json.GetString()!).RootElement;
            last = new PeerStats(
                root.GetProperty("state").GetString() ?? "",
                root.TryGetProperty("framesDecoded", out var frames) ? frames.GetInt64() : root.GetProperty("framesSent").GetInt64(),
                root.TryGetProperty("audioPacketsReceived", out var audio) ? audio.GetInt64() : root.GetProperty("audioPacketsSent").GetInt64(),
                root.GetProperty("error").ValueKind == System.Text.Json.JsonValueKind.Null ? null : root.GetProperty("error").GetString());
            if (last.Error is not null)
                Assert.Fail($"the page failed: {last.Error}");
            if (done(last))
                return last;
            await Task.Delay(250);
        }
        Assert.Fail($"timed out after {timeout.TotalSeconds:F0} s; last stats: {last}");
        return last!;
    }
}
