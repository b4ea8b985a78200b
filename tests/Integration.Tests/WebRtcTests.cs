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
        // Chromium makes remote-outbound-rtp only from our RTCP sender reports, one per track.
        var senderReports = await WaitForValueAsync(page, "window.whep.senderReports", r => ReportCount(r, "video") > 0 && ReportCount(r, "audio") > 0, TimeSpan.FromSeconds(5));
        output.WriteLine($"sender reports Chromium got: {senderReports}");
        var branch = Assert.Single(gateway.App.Services.GetRequiredService<InteropGateway.Core.Routing.MediaRouter>().Branches,
            b => b.Key.Source == publisher.Stream);
        Assert.Equal("aac->opus", $"{branch.Key.From.ToString().ToLowerInvariant()}->{branch.Key.To.ToString().ToLowerInvariant()}");
    }

    [Fact]
    public async Task A_source_with_b_frames_is_re_encoded_once_for_webrtc_players_and_plays_smoothly()
    {
        var clip = await SourceMedia.ClipAsync(20); // x264 with 2 B-frames, like OBS's default
        const string key = "live/bframes";
        await using var publisher = await BackgroundPublisher.StartAsync(gateway, clip, key);
        await using var chromium = await Chromium.LaunchAsync("--allow-loopback-in-peer-connection");
        var page = await chromium.NewPageAsync(output.WriteLine);

        await page.GotoAsync(gateway.HttpUrl($"/webrtc/play/{key}"));
        var stats = await WaitForAsync(page, "window.whep", s => s.FramesDecoded > 100, TimeSpan.FromSeconds(25));

        output.WriteLine($"whep of a B-frame source: {stats}");
        var branches = gateway.App.Services.GetRequiredService<InteropGateway.Core.Routing.MediaRouter>().Branches
            .Where(b => b.Key.Source == publisher.Stream).Select(b => $"{b.Key.From}->{b.Key.To}").Order();
        Assert.Equal(["Aac->Opus", "H264->H264"], branches);
    }

    [Fact]
    public async Task Chromium_plays_over_ice_tcp_when_it_may_not_use_udp()
    {
        var clip = await SourceMedia.WebRtcClipAsync(20);
        const string key = "live/icetcp";
        await using var publisher = await BackgroundPublisher.StartAsync(gateway, clip, key);
        // Debian's Chromium then gathers no UDP candidates and dials our passive TCP candidate (RFC 6544/4571).
        await using var chromium = await Chromium.LaunchAsync("--allow-loopback-in-peer-connection", "--webrtc-ip-handling-policy=disable_non_proxied_udp");
        var page = await chromium.NewPageAsync(output.WriteLine);

        await page.GotoAsync(gateway.HttpUrl($"/webrtc/play/{key}"));
        var stats = await WaitForAsync(page, "window.whep", s => s.FramesDecoded > 100 && s.AudioPackets > 50, TimeSpan.FromSeconds(25));

        output.WriteLine($"whep over ICE-TCP: {stats}");
        Assert.NotNull(gateway.Logs.Lines.FirstOrDefault(l => l.Contains("connected for live/icetcp via tcp:")));
    }

    [Fact]
    public async Task Chromium_publishes_over_whip_and_ffmpeg_plays_h264_and_aac_over_rtmp_and_http_flv()
    {
        const string key = "live/whip";
        await using var chromium = await Chromium.LaunchAsync("--allow-loopback-in-peer-connection");
        var page = await chromium.NewPageAsync(output.WriteLine);
        await page.GotoAsync(gateway.HttpUrl($"/webrtc/publish/{key}"));
        var sent = await WaitForAsync(page, "window.whip", s => s.State == "connected" && s.FramesDecoded > 30, TimeSpan.FromSeconds(25));
        output.WriteLine($"whip: {sent}");
        await gateway.WaitForLiveAsync(key);
        // remote-inbound-rtp gets a roundTripTime only from our RTCP receiver reports echoing its SRs (LSR/DLSR).
        var roundTrips = await WaitForValueAsync(page, "window.whip.roundTripTime", r => r.TryGetProperty("video", out _) && r.TryGetProperty("audio", out _), TimeSpan.FromSeconds(5));
        output.WriteLine($"round trip times Chromium measured from our receiver reports: {roundTrips}");
        // ~1 ms on an idle loopback; a loaded 2-core runner (Chromium, ffmpeg, transcoders) delays both ends' RTCP handling.
        foreach (var kind in new[] { "video", "audio" })
            Assert.InRange(roundTrips.GetProperty(kind).GetDouble(), 0.000001, 5);
        // Its sender reports put both tracks on its capture clock (the log line comes with the first SR of each).
        foreach (var kind in new[] { "video", "audio" })
        {
            for (var i = 0; i < 20 && !gateway.Logs.Lines.Any(l => l.Contains($"{kind} now timed by the sender's clock")); i++)
                await Task.Delay(250);
            Assert.Contains(gateway.Logs.Lines, l => l.Contains($"{kind} now timed by the sender's clock"));
        }

        // A browser's capture times are irregular (frames 7-20 ms apart now and then on a loaded runner); with
        // the default 1/framerate encoder time base ffmpeg rounds such neighbours onto one tick and calls it
        // "non monotonically increasing dts". Keep the source's millisecond time base, where they differ.
        var rtmp = Ffmpeg.RunAsync($"-v error -i {gateway.RtmpUrl(key)} -t 4 -map 0:v -map 0:a -enc_time_base:v -1 -f null -", ToolTimeout);
        var flv = Ffmpeg.RunAsync($"-v error -i {gateway.FlvUrl(key)} -t 4 -map 0:v -map 0:a -enc_time_base:v -1 -f null -", ToolTimeout);
        var probe = await Ffmpeg.ProbeAsync($"-v error -show_entries stream=codec_name -of csv=p=0 {gateway.RtmpUrl(key)}", ToolTimeout);
        foreach (var run in new[] { await rtmp, await flv })
            Assert.True(run.ExitCode == 0 && run.Stderr.Trim().Length == 0, $"player did not decode cleanly: {run}");
        Assert.Equal(["h264", "aac"], probe.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        output.WriteLine(string.Join('\n', gateway.Logs.Lines.Where(l => l.Contains(key) && (l.Contains("Branch") || l.Contains("WebRTC")))));
    }

    [Fact]
    public async Task A_vp8_only_chromium_publisher_is_converted_once_to_h264_for_rtmp_and_webrtc_viewers()
    {
        const string key = "live/vp8";
        await using var chromium = await Chromium.LaunchAsync("--allow-loopback-in-peer-connection");
        var publisher = await chromium.NewPageAsync(output.WriteLine);
        // The page's ?codec=vp8 leaves only VP8 in the offer's video m-line, as a VP8-only app would.
        await publisher.GotoAsync(gateway.HttpUrl($"/webrtc/publish/{key}?codec=vp8"));
        var sent = await WaitForAsync(publisher, "window.whip", s => s.State == "connected" && s.FramesDecoded > 30, TimeSpan.FromSeconds(25));
        output.WriteLine($"whip (vp8 only): {sent}");
        Assert.Equal("video/VP8", (await publisher.EvaluateAsync<string?>("window.whip.videoCodec")));
        // The gateway's answer: "WebRTC whip session ... for live/vp8: audio opus/111, video vp8/96".
        Assert.Contains(gateway.Logs.Lines, l => l.Contains("WebRTC whip session") && l.Contains($"for {key}: ") && l.Contains("video vp8/"));
        var live = await gateway.WaitForLiveAsync(key);
        for (var i = 0; i < 20 && live.VideoTrack is null; i++)
            await Task.Delay(250); // the track comes with the first keyframe
        Assert.Equal(InteropGateway.Codecs.Media.CodecId.Vp8, live.VideoTrack?.Codec);

        // An RTMP player and a WHEP player at once: both need H264, from one shared vp8->h264 branch.
        // The branch keeps the browser's capture times (about 50 ms apart, give or take a few): keep the
        // millisecond time base, as the H264 WHIP test does, or ffmpeg rounds neighbours onto one tick.
        var rtmp = Ffmpeg.RunAsync($"-v error -i {gateway.RtmpUrl(key)} -t 3 -map 0:v -map 0:a -enc_time_base:v -1 -f null -", ToolTimeout);
        var probe = Ffmpeg.ProbeAsync($"-v error -show_entries stream=codec_name -of csv=p=0 {gateway.RtmpUrl(key)}", ToolTimeout);
        var videoDts = Ffmpeg.ProbeAsync($"-v error -read_intervals %+3 -select_streams v -show_entries packet=dts -of csv=p=0 {gateway.RtmpUrl(key)}", ToolTimeout);
        var viewer = await chromium.NewPageAsync(output.WriteLine);
        await viewer.GotoAsync(gateway.HttpUrl($"/webrtc/play/{key}"));
        var watched = await WaitForAsync(viewer, "window.whep", s => s.FramesDecoded > 30 && s.AudioPackets > 20, TimeSpan.FromSeconds(20),
            () => string.Join('\n', gateway.Logs.Lines.Where(l => l.Contains(key) || l.Contains("Branch"))));
        output.WriteLine($"whep of the vp8 stream: {watched}");
        var branches = gateway.App.Services.GetRequiredService<InteropGateway.Core.Routing.MediaRouter>().Branches
            .Where(b => b.Key.Source == live && !b.IsFinished).Select(b => $"{b.Key.From}->{b.Key.To}").Order().ToList();
        var played = await rtmp;
        Assert.True(played.ExitCode == 0 && played.Stderr.Trim().Length == 0, $"the RTMP player did not decode cleanly: {played}");
        // Both tracks come out of branches here, so either sequence header may reach the player first.
        Assert.Equal(["aac", "h264"], (await probe).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
        var dts = (await videoDts).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToList();
        Assert.True(dts.Count > 20 && dts.Zip(dts.Skip(1)).All(p => p.Second > p.First), $"H264 from the branch, decode times not rising: {string.Join(' ', dts)}");
        // Opus passes through to the WHEP player; the video branch is one, whichever sink asked first.
        Assert.Equal(["Opus->Aac", "Vp8->H264"], branches);
        Assert.Single(gateway.Logs.Lines, l => l.Contains($"Branch {key} vp8->h264 created for"));
        var whepCodec = await WaitForValueAsync(viewer, "window.whep.videoCodec", c => c.ValueKind == System.Text.Json.JsonValueKind.String, TimeSpan.FromSeconds(5));
        Assert.Equal("video/H264", whepCodec.GetString());
        output.WriteLine(string.Join('\n', gateway.Logs.Lines.Where(l => l.Contains(key) && (l.Contains("Branch") || l.Contains("WebRTC")))));
    }

    [Fact]
    public async Task Malformed_sdp_gets_400_with_the_reason_and_garbage_on_the_media_port_leaves_a_live_session_alone()
    {
        using var http = new HttpClient();
        var bad = await http.PostAsync(gateway.HttpUrl("/whep/live/bad"),
            new StringContent("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\nm=video nine UDP/TLS/RTP/SAVPF 96\r\n", System.Text.Encoding.ASCII, "application/sdp"));
        var reason = await bad.Content.ReadAsStringAsync();
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("malformed SDP offer", reason);
        Assert.Contains("line", reason);

        var clip = await SourceMedia.WebRtcClipAsync(20);
        const string key = "live/garbage";
        await using var publisher = await BackgroundPublisher.StartAsync(gateway, clip, key);
        await using var chromium = await Chromium.LaunchAsync("--allow-loopback-in-peer-connection");
        var page = await chromium.NewPageAsync(output.WriteLine);
        await page.GotoAsync(gateway.HttpUrl($"/webrtc/play/{key}"));
        var before = await WaitForAsync(page, "window.whep", s => s.FramesDecoded > 25, TimeSpan.FromSeconds(25));

        // Random datagrams of every first-byte class (STUN, DTLS, RTP ranges and the rest) at the shared port.
        using var udp = new System.Net.Sockets.UdpClient();
        var random = new Random(5);
        for (var i = 0; i < 500; i++)
        {
            var datagram = new byte[random.Next(1, 1400)];
            random.NextBytes(datagram);
            await udp.SendAsync(datagram, new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, gateway.WebRtcPort));
        }
        var after = await WaitForAsync(page, "window.whep", s => s.FramesDecoded > before.FramesDecoded + 50, TimeSpan.FromSeconds(10));
        output.WriteLine($"before garbage: {before}; after: {after}");
        Assert.Equal("connected", after.State);
    }

    private sealed record PeerStats(string State, long FramesDecoded, long AudioPackets, string? Error)
    {
        public override string ToString() => $"{State}, {FramesDecoded} frames decoded, {AudioPackets} audio packets{(Error is null ? "" : ", error " + Error)}";
    }

    private static long ReportCount(System.Text.Json.JsonElement reports, string kind) =>
        reports.TryGetProperty(kind, out var count) ? count.GetInt64() : 0;

    /// <summary>Polls a JSON value of the page until <paramref name="done"/> holds; fails with the last value.</summary>
    private static async Task<System.Text.Json.JsonElement> WaitForValueAsync(IPage page, string expression, Func<System.Text.Json.JsonElement, bool> done, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string? last = null;
        while (clock.Elapsed < timeout)
        {
            last = (await page.EvaluateAsync<System.Text.Json.JsonElement>($"JSON.stringify({expression})")).GetString();
            var value = System.Text.Json.JsonDocument.Parse(last!).RootElement;
            if (done(value))
                return value;
            await Task.Delay(250);
        }
        Assert.Fail($"timed out after {timeout.TotalSeconds:F0} s waiting on {expression}; last value: {last}");
        return default;
    }

    /// <summary>Polls the page's stats object until <paramref name="done"/> holds; fails with the page's error or last stats.</summary>
    private static async Task<PeerStats> WaitForAsync(IPage page, string expression, Func<PeerStats, bool> done, TimeSpan timeout, Func<string>? context = null)
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
        Assert.Fail($"timed out after {timeout.TotalSeconds:F0} s; last stats: {last}{(context is null ? "" : "\n" + context())}");
        return last!;
    }
}
