using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using InteropGateway.Adapters.Udp.Native;
using InteropGateway.Core.Relay;
using InteropGateway.Core.Sessions;
using InteropGateway.Tests.Integration.Infrastructure;

namespace InteropGateway.Tests.Integration;

/// <summary>
/// SRT with real peers: ffmpeg and srt-live-transmit publish into the gateway's listener, ffmpeg
/// plays over RTMP and SRT, caller routes push to and pull from srt-live-transmit listeners,
/// refusals carry SRT reject reasons, and 10% loss each way is mostly repaired within 200 ms of latency, the rest hidden by waiting for a keyframe.
/// </summary>
public sealed class SrtTests(GatewayFixture gateway, ITestOutputHelper output) : IClassFixture<GatewayFixture>
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(30);

    private string SrtUrl(string streamId, int? port = null, string extra = "") =>
        $"\"srt://127.0.0.1:{port ?? gateway.SrtPort}?streamid={streamId}{extra}\"";

    /// <summary>A clip published as MPEG-TS in real time to an SRT URL by ffmpeg, the way an encoder sends it.</summary>
    private static Task<ToolRun> PublishTsAsync(string clip, string url, CancellationToken stop = default) =>
        Ffmpeg.RunAsync($"-v error -re -i {clip} -c copy -f mpegts {url}", ToolTimeout, stop);

    private static void AssertDecodedCleanly(ToolRun run, string who)
    {
        Assert.True(run.ExitCode == 0 && !run.TimedOut, $"{who} failed: {run}");
        Assert.True(run.Stderr.Trim().Length == 0, $"{who} printed errors: {run.Stderr}");
    }

    [Fact]
    public async Task Ffmpeg_publishes_ts_over_srt_and_rtmp_and_srt_players_decode_h264_and_aac()
    {
        var clip = await SourceMedia.ClipAsync(6);
        const string key = "live/srtin";
        var publisher = PublishTsAsync(clip, SrtUrl("#!::r=live/srtin,m=publish"));
        await gateway.WaitForLiveAsync(key);

        var rtmpPlayer = Ffmpeg.RunAsync($"-v error -i {gateway.RtmpUrl(key)} -t 3 -map 0:v -map 0:a -f null -", ToolTimeout);
        var srtPlayer = Ffmpeg.RunAsync($"-v error -i {SrtUrl("#!::r=live/srtin,m=request")} -t 3 -map 0:v -map 0:a -f null -", ToolTimeout);
        var probe = Ffmpeg.ProbeAsync($"-v error -show_entries stream=codec_name,width,height -of compact {SrtUrl("#!::u=viewer,r=live/srtin,m=request,s=abc")}", ToolTimeout);
        await gateway.WaitForPlayersAsync(key, 2);
        await Task.Delay(1000); // let the links carry traffic before reading their figures
        using var http = new HttpClient();
        var streams = await http.GetFromJsonAsync<JsonElement>(gateway.HttpUrl("/api/streams"));
        var stream = streams.GetProperty("streams").EnumerateArray().Single(s => s.GetProperty("key").GetString() == key);
        output.WriteLine(stream.ToString());
        var link = stream.GetProperty("publisher").GetProperty("link");
        Assert.Equal("udp", stream.GetProperty("publisher").GetProperty("protocol").GetString());
        Assert.True(link.GetProperty("packetsReceived").GetInt64() > 100, link.ToString());
        Assert.True(link.GetProperty("rttMs").GetDouble() >= 0);
        Assert.Equal(120, link.GetProperty("latencyMs").GetInt32());
        Assert.Contains(stream.GetProperty("players").EnumerateArray(), p => p.GetProperty("transport").GetString() == "srt"
            && p.GetProperty("link").GetProperty("packetsSent").GetInt64() > 0);

        AssertDecodedCleanly(await rtmpPlayer, "RTMP player");
        AssertDecodedCleanly(await srtPlayer, "SRT player");
        var probed = await probe;
        output.WriteLine(probed.Stdout);
        Assert.Contains("codec_name=h264|width=640|height=360", probed.Stdout);
        Assert.Contains("codec_name=aac", probed.Stdout);
        Assert.Equal(0, (await publisher).ExitCode);
        var ended = await gateway.Logs.WaitForAsync(TimeSpan.FromSeconds(5), "SRT publisher", "live/srtin ended");
        output.WriteLine(ended);
        Assert.Contains(" 0 continuity errors", ended);
    }

    [Fact]
    public async Task Malformed_or_unknown_stream_ids_and_a_second_publisher_are_refused_with_reject_reasons_and_logged()
    {
        Assert.Equal(SrtRejectReason.BadRequest, await SrtTestCaller.ConnectAsync(gateway.SrtPort, "#!::m=publish"));
        Assert.Equal(SrtRejectReason.BadRequest, await SrtTestCaller.ConnectAsync(gateway.SrtPort, "live/has space"));
        Assert.Equal(SrtRejectReason.BadMode, await SrtTestCaller.ConnectAsync(gateway.SrtPort, "#!::r=live/x,m=bidirectional"));
        Assert.Equal(SrtRejectReason.NotFound, await SrtTestCaller.ConnectAsync(gateway.SrtPort, "#!::r=live/nobody,m=request"));

        var key = new StreamKey("live", "taken");
        Assert.True(gateway.Hub.TryPublish(key, new SessionInfo("rtmp", null, SessionInfo.NewId()), out var holder, out _));
        using (holder)
            Assert.Equal(SrtRejectReason.Conflict, await SrtTestCaller.ConnectAsync(gateway.SrtPort, "publish:live/taken"));

        Assert.NotNull(await gateway.Logs.WaitForAsync(TimeSpan.FromSeconds(2), "SRT refused caller", "'#!::m=publish'", "no r=", "1400 bad request"));
        Assert.NotNull(await gateway.Logs.WaitForAsync(TimeSpan.FromSeconds(2), "SRT refused caller", "nothing is published as live/nobody", "1404 not found"));
        Assert.NotNull(await gateway.Logs.WaitForAsync(TimeSpan.FromSeconds(2), "SRT refused caller", "live/taken is already published", "1409 conflict"));
        Assert.Null(gateway.Hub.Find(new StreamKey("live", "x")));
    }

    [Fact]
    public async Task Srt_live_transmit_publishes_as_a_caller_and_an_rtmp_player_decodes_it()
    {
        var clip = await SourceMedia.ClipAsync(5);
        const string key = "live/slt";
        var udpPort = FreePort.Next();
        using var stop = new CancellationTokenSource();
        var transmit = Ffmpeg.RunToolAsync("srt-live-transmit",
            $"-q udp://127.0.0.1:{udpPort} {SrtUrl("#!::r=live/slt,m=publish")}", ToolTimeout, stop.Token);
        await Task.Delay(300); // srt-live-transmit binds its UDP input
        var publisher = Ffmpeg.RunAsync($"-v error -re -i {clip} -c copy -f mpegts udp://127.0.0.1:{udpPort}?pkt_size=1316", ToolTimeout);
        await gateway.WaitForLiveAsync(key);
        var player = await Ffmpeg.RunAsync($"-v error -i {gateway.RtmpUrl(key)} -t 2 -map 0:v -map 0:a -f null -", ToolTimeout);
        AssertDecodedCleanly(player, "RTMP player");
        Assert.Equal(0, (await publisher).ExitCode);
        stop.Cancel();
        await transmit;
        Assert.NotNull(await gateway.Logs.WaitForAsync(TimeSpan.FromSeconds(1), "SRT publisher", "started live/slt"));
    }

    [Fact]
    public async Task A_push_route_sends_an_rtmp_stream_to_an_srt_listener_as_h264_and_aac_and_is_removed_by_the_api()
    {
        var clip = await SourceMedia.ClipAsync(4);
        var listenPort = FreePort.Next();
        var file = Path.Combine(Directory.CreateTempSubdirectory("gw-srt-push").FullName, "pushed.ts");
        using var stop = new CancellationTokenSource();
        // srt-live-transmit writes files only as file://con (stdout), so a shell redirects it; -a:no
        // makes it exit (flushing the file) when the gateway closes the link.
        var listener = Ffmpeg.RunToolAsync("bash", $"-c \"exec srt-live-transmit -q -a:no 'srt://:{listenPort}?mode=listener' file://con > {file}\"", ToolTimeout, stop.Token);
        using var http = new HttpClient();
        var created = await http.PostAsJsonAsync(gateway.HttpUrl("/api/srt/routes"),
            new { direction = "push", stream = "live/pushed", url = $"srt://127.0.0.1:{listenPort}?streamid=ingest1&latency=200" });
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        await Task.Delay(300); // srt-live-transmit binds its port
        Assert.Equal(0, (await SourceMedia.PublishAsync(clip, gateway.RtmpUrl("live/pushed"))).ExitCode);
        var routes = await http.GetFromJsonAsync<JsonElement>(gateway.HttpUrl("/api/srt/routes"));
        output.WriteLine(routes.ToString());
        var route = routes.EnumerateArray().Single(r => r.GetProperty("id").GetString() == id);
        Assert.Equal("Streaming", route.GetProperty("state").GetString());
        Assert.True(route.GetProperty("link").GetProperty("packetsSent").GetInt64() > 100);
        await Task.Delay(500); // the tail crosses the link
        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await http.DeleteAsync(gateway.HttpUrl($"/api/srt/routes/{id}"))).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.DeleteAsync(gateway.HttpUrl($"/api/srt/routes/{id}"))).StatusCode);
        var received = await listener;
        Assert.True(received.ExitCode == 0 && !received.TimedOut, $"srt-live-transmit did not end with the link: {received}");

        var probed = await Ffmpeg.ProbeAsync($"-v error -show_entries stream=codec_name -of compact {file}", ToolTimeout);
        Assert.Contains("codec_name=h264", probed.Stdout);
        Assert.Contains("codec_name=aac", probed.Stdout);
        var decoded = await Ffmpeg.RunAsync($"-v error -i {file} -f null -", ToolTimeout);
        AssertDecodedCleanly(decoded, "decoding what the SRT listener received");
        var frames = await Ffmpeg.ProbeAsync($"-v error -select_streams v -count_packets -show_entries stream=nb_read_packets -of csv=p=0 {file}", ToolTimeout);
        output.WriteLine($"video packets received by srt-live-transmit: {frames.Stdout.Trim()}");
        // 4 s at 25 fps: the route was connected before the publisher started, so nothing is missing.
        Assert.Equal(100, int.Parse(frames.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0]));
        Assert.NotNull(await gateway.Logs.WaitForAsync(TimeSpan.FromSeconds(2), "SRT route", "removed: Push live/pushed"));
    }

    [Fact]
    public async Task A_pull_route_retries_until_the_srt_listener_is_up_then_publishes_what_it_sends()
    {
        var clip = await SourceMedia.ClipAsync(6);
        const string key = "live/pulled";
        var listenPort = FreePort.Next();
        var udpPort = FreePort.Next();
        using var http = new HttpClient();
        // The route exists before its source: it retries with backoff until the listener is up.
        var created = await http.PostAsJsonAsync(gateway.HttpUrl("/api/srt/routes"),
            new { direction = "pull", stream = key, url = $"srt://127.0.0.1:{listenPort}" });
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        Assert.NotNull(await gateway.Logs.WaitForAsync(TimeSpan.FromSeconds(5), $"SRT pull of {key}", "failed:", "retry 1 in 0.5 s"));

        using var stop = new CancellationTokenSource();
        var source = Ffmpeg.RunToolAsync("srt-live-transmit", $"-q udp://127.0.0.1:{udpPort} \"srt://:{listenPort}?mode=listener\"", ToolTimeout, stop.Token);
        var publisher = Ffmpeg.RunAsync($"-v error -re -i {clip} -c copy -f mpegts udp://127.0.0.1:{udpPort}?pkt_size=1316", ToolTimeout, stop.Token);
        await gateway.WaitForLiveAsync(key);
        var player = Ffmpeg.RunAsync($"-v error -i {gateway.RtmpUrl(key)} -t 3 -map 0:v -map 0:a -f null -", ToolTimeout);
        var probe = await Ffmpeg.ProbeAsync($"-v error -show_entries stream=codec_name -of compact {gateway.RtmpUrl(key)}", ToolTimeout);
        Assert.Contains("codec_name=h264", probe.Stdout);
        Assert.Contains("codec_name=aac", probe.Stdout);
        AssertDecodedCleanly(await player, "RTMP player of the pulled stream");
        Assert.Equal("srt-pull", gateway.Hub.Find(new StreamKey("live", "pulled"))!.Publisher!.Transport);

        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await http.DeleteAsync(gateway.HttpUrl($"/api/srt/routes/{id}"))).StatusCode);
        stop.Cancel();
        await source;
        await publisher;
    }

    [Fact]
    public async Task With_10_percent_loss_each_way_and_200_ms_latency_srt_repairs_most_losses_and_the_stream_still_decodes_without_error()
    {
        var clip = await SourceMedia.ClipAsync(6);
        const string key = "live/lossy";
        using var relay = new LossyUdpRelay(gateway.SrtPort, lossRate: 0.10, seed: 1234);
        var publisher = PublishTsAsync(clip, SrtUrl("#!::r=live/lossy,m=publish", relay.Port, "&latency=200000"));
        var stream = await gateway.WaitForLiveAsync(key);
        var player = Ffmpeg.RunAsync($"-v error -i {gateway.RtmpUrl(key)} -t 4 -map 0:v -map 0:a -f null -", ToolTimeout);
        await gateway.WaitForPlayersAsync(key, 1);
        var linkStats = stream.Publisher!.LinkStats!;
        // The link's counters while the player plays (bounded by the player's own timeout).
        JsonElement? link = null;
        while (!player.IsCompleted)
        {
            if (linkStats() is { } stats)
                link = JsonSerializer.SerializeToElement(stats);
            await Task.WhenAny(player, Task.Delay(200));
        }
        AssertDecodedCleanly(await player, "RTMP player behind a lossy SRT link");
        Assert.Equal(0, (await publisher).ExitCode);
        output.WriteLine($"relay: {relay}");
        output.WriteLine($"gateway side of the link while the player played: {link}");
        Assert.True(relay.DroppedToTarget > 30 && relay.DroppedToClient > 10, relay.ToString());
        Assert.True(link is not null, "no SRT link statistics while the player played");
        var counters = link.Value;
        Assert.Equal(200, counters.GetProperty("latencyMs").GetInt32()); // the larger of both sides' latency
        var lost = counters.GetProperty("packetsReceiveLost").GetInt32();
        var dropped = counters.GetProperty("packetsReceiveDropped").GetInt32();
        var repaired = counters.GetProperty("packetsReceivedRetransmitted").GetInt32();
        Assert.True(lost > 20, counters.ToString());
        // SRT repairs most losses in time, not all: when a loss's NAK or retransmission is lost as well,
        // or the relay (in this test process) stalls, the repair may come after the 200 ms. CI runs
        // dropped none; local runs of this test alone, in a cold process, dropped 0 to 12 of ~45. Every
        // loss is repaired or counted as dropped, and the player above decoded cleanly all the same:
        // after a lost picture, video waits for the next keyframe (TsPublisherTests covers that exactly).
        Assert.True(repaired + dropped >= lost, counters.ToString());
        Assert.True(repaired * 2 >= lost, counters.ToString());
        // At 10% loss the sender's shutdown may be lost too; the link then ends by SRT's 5 s peer idle
        // timeout, counted from the sender's exit.
        var ended = await gateway.Logs.WaitForAsync(TimeSpan.FromSeconds(15), "SRT publisher", "live/lossy ended");
        Assert.True(ended is not null, "the SRT publisher's end was not logged within 15 s");
        output.WriteLine(ended);
    }
}

/// <summary>A gateway whose SRT links need a passphrase (AES-256).</summary>
public sealed class SrtEncryptedGatewayFixture : GatewayFixture
{
    public const string Passphrase = "correct horse battery";

    protected override IEnumerable<string> ExtraSettings() => [$"--Gateway:Srt:Passphrase={Passphrase}", "--Gateway:Srt:PbKeyLen=32"];
}

public sealed class SrtEncryptionTests(SrtEncryptedGatewayFixture gateway, ITestOutputHelper output) : IClassFixture<SrtEncryptedGatewayFixture>
{
    [Fact]
    public async Task A_wrong_or_missing_passphrase_is_refused_with_the_srt_reason_and_logged_and_the_right_one_connects()
    {
        var key = new StreamKey("live", "secret");
        Assert.True(gateway.Hub.TryPublish(key, new SessionInfo("rtmp", null, SessionInfo.NewId()), out var holder, out _));
        using (holder)
        {
            Assert.Equal(SrtRejectReason.BadSecret, await SrtTestCaller.ConnectAsync(gateway.SrtPort, "#!::r=live/secret,m=request", "wrong passphrase"));
            Assert.Equal(SrtRejectReason.Unsecure, await SrtTestCaller.ConnectAsync(gateway.SrtPort, "#!::r=live/secret,m=request"));
            Assert.Equal(0, await SrtTestCaller.ConnectAsync(gateway.SrtPort, "#!::r=live/secret,m=request", SrtEncryptedGatewayFixture.Passphrase));
        }
        var logged = await gateway.Logs.WaitForAsync(TimeSpan.FromSeconds(2), "libsrt", "REJECT", "Incorrect passphrase");
        output.WriteLine(logged);
        Assert.NotNull(logged);
    }
}
