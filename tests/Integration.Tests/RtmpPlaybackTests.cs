using InteropGateway.Tests.Integration.Infrastructure;

namespace InteropGateway.Tests.Integration;

/// <summary>
/// ffmpeg publishes by RTMP; ffmpeg players read by RTMP and HTTP-FLV. Checks what a viewer would:
/// decoding prints nothing at -v error, codecs are right, pass-through packets are byte-identical.
/// </summary>
public sealed class RtmpPlaybackTests(GatewayFixture gateway, ITestOutputHelper output) : IClassFixture<GatewayFixture>
{
    private static readonly TimeSpan PlayerTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Three_players_decode_cleanly_and_receive_byte_identical_packets()
    {
        var clip = await SourceMedia.ClipAsync(6);
        var key = "live/three";
        var dir = Directory.CreateTempSubdirectory("gw-three").FullName;
        var expected = await CleanPlayback.SourcePacketsAsync(clip, PlayerTimeout);

        // Players first: they wait for the publisher, so each must get the whole stream.
        var players = new[]
        {
            Ffmpeg.RunAsync(CleanPlayback.DecodeAndHashArgs(gateway.RtmpUrl(key), $"{dir}/rtmp1.md5"), PlayerTimeout),
            Ffmpeg.RunAsync(CleanPlayback.DecodeAndHashArgs(gateway.RtmpUrl(key), $"{dir}/rtmp2.md5"), PlayerTimeout),
            Ffmpeg.RunAsync(CleanPlayback.DecodeAndHashArgs(gateway.FlvUrl(key), $"{dir}/flv.md5"), PlayerTimeout),
        };
        await gateway.WaitForPlayersAsync(key, 3);
        var publisher = await SourceMedia.PublishAsync(clip, gateway.RtmpUrl(key));
        Assert.True(publisher.ExitCode == 0, publisher.ToString());

        var names = new[] { "rtmp1", "rtmp2", "flv" };
        var results = await Task.WhenAll(players);
        for (var i = 0; i < results.Length; i++)
        {
            var run = results[i];
            output.WriteLine($"{names[i]}: {run}");
            var received = await CleanPlayback.AssertDecodedCleanlyAsync(run, $"{dir}/{names[i]}.md5", names[i]);
            CleanPlayback.AssertSamePackets(expected, received, names[i]);
        }
        Assert.True(await gateway.Logs.WaitForAsync(TimeSpan.FromSeconds(5), "left live/three") is not null);
    }

    [Fact]
    public async Task Players_see_h264_and_aac_with_the_source_dimensions_and_metadata()
    {
        var clip = await SourceMedia.ClipAsync(6);
        var key = "live/probe";
        await using var publisher = await BackgroundPublisher.StartAsync(gateway, clip, key);
        foreach (var url in new[] { gateway.RtmpUrl(key), gateway.FlvUrl(key) })
        {
            var probe = await Ffmpeg.ProbeAsync($"-v error -show_entries stream=codec_name,width,height,sample_rate:format_tags=encoder -of compact {url}", PlayerTimeout);
            output.WriteLine(probe.ToString());
            Assert.Equal(0, probe.ExitCode);
            Assert.Contains("codec_name=h264|width=640|height=360", probe.Stdout);
            Assert.Contains("codec_name=aac", probe.Stdout);
            Assert.Contains("sample_rate=44100", probe.Stdout);
            Assert.Contains("encoder=InteropGateway", probe.Stdout); // the onMetaData players get before the first frame
        }
    }

    [Fact]
    public async Task Late_joiner_starts_on_a_keyframe()
    {
        var clip = await SourceMedia.ClipAsync(10);
        var key = "live/late";
        await using var publisher = await BackgroundPublisher.StartAsync(gateway, clip, key);
        await Task.Delay(TimeSpan.FromSeconds(3)); // mid-GOP (GOP is 2 s)

        foreach (var url in new[] { gateway.RtmpUrl(key), gateway.FlvUrl(key) })
        {
            var probe = await Ffmpeg.ProbeAsync(
                $"-v error -select_streams v -read_intervals %+#5 -show_entries packet=pts_time,flags -of csv=p=0 {url}", PlayerTimeout);
            output.WriteLine($"{url}: {probe}");
            Assert.Equal(0, probe.ExitCode);
            var first = probe.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0].Split(',');
            Assert.True(double.Parse(first[0]) >= 1.9, $"expected to join mid-stream, first video pts {first[0]}");
            Assert.StartsWith("K", first[1]);

            // Exactly the two tracks: metadata sent mid-stream must not look like a subtitle stream.
            var streams = await Ffmpeg.ProbeAsync($"-v error -show_entries stream=codec_name -of csv=p=0 {url}", PlayerTimeout);
            Assert.Equal(["h264", "aac"], streams.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
    }

    [Fact]
    public async Task Publisher_reconnecting_within_the_grace_period_keeps_players_decoding()
    {
        var clip = await SourceMedia.ClipAsync(4);
        var key = "live/reconnect";
        var dir = Directory.CreateTempSubdirectory("gw-reconnect").FullName;
        var players = new[]
        {
            Ffmpeg.RunAsync(CleanPlayback.DecodeAndHashArgs(gateway.RtmpUrl(key), $"{dir}/rtmp.md5"), PlayerTimeout),
            Ffmpeg.RunAsync(CleanPlayback.DecodeAndHashArgs(gateway.FlvUrl(key), $"{dir}/flv.md5"), PlayerTimeout),
        };
        await gateway.WaitForPlayersAsync(key, 2);

        var first = await SourceMedia.PublishAsync(clip, gateway.RtmpUrl(key));
        Assert.True(first.ExitCode == 0, first.ToString());
        await Task.Delay(TimeSpan.FromSeconds(1)); // gone for a second, well within the 4 s grace
        Assert.Equal(2, gateway.Hub.Find(new("live", "reconnect"))!.Subscribers.Count);
        var second = await SourceMedia.PublishAsync(clip, gateway.RtmpUrl(key));
        Assert.True(second.ExitCode == 0, second.ToString());

        var sourceMd5 = await CleanPlayback.SourcePacketsAsync(clip, PlayerTimeout);
        foreach (var (run, name) in (await Task.WhenAll(players)).Zip(new[] { "rtmp", "flv" }))
        {
            output.WriteLine($"{name}: {run}");
            var received = await CleanPlayback.AssertDecodedCleanlyAsync(run, $"{dir}/{name}.md5", name);
            // One connection, both publishers' packets, in order, with timestamps that keep rising.
            CleanPlayback.AssertSamePackets(sourceMd5.Concat(sourceMd5).ToList(), received, name);
            var videoDts = received.Where(l => l.Stream == 0).Select(l => l.Dts).ToArray();
            Assert.True(videoDts.Zip(videoDts.Skip(1)).All(p => p.Second > p.First), $"{name}: video timestamps went backwards across the reconnect");
        }
        Assert.NotNull(await gateway.Logs.WaitForAsync(TimeSpan.FromSeconds(1), "continues live/reconnect"));
    }

    [Fact]
    public async Task Second_publisher_on_a_live_key_is_refused_with_an_rtmp_error()
    {
        var clip = await SourceMedia.ClipAsync(10);
        var key = "live/taken";
        await using var owner = await BackgroundPublisher.StartAsync(gateway, clip, key);
        var stream = owner.Stream;
        var ownerSession = stream.Publisher!.SessionId;

        var intruder = await SourceMedia.PublishAsync(clip, gateway.RtmpUrl(key));
        output.WriteLine(intruder.ToString());
        Assert.NotEqual(0, intruder.ExitCode);
        Assert.Contains("NetStream.Publish.BadName", intruder.Stderr + string.Join('\n', gateway.Logs.Lines));
        Assert.Contains("already being published", intruder.Stderr);
        Assert.NotNull(await gateway.Logs.WaitForAsync(TimeSpan.FromSeconds(2), "Refused publisher", "live/taken"));

        // The first publisher is untouched and still sending.
        var before = stream.FramesIn;
        await Task.Delay(500);
        Assert.Equal(ownerSession, stream.Publisher?.SessionId);
        Assert.True(stream.FramesIn > before);
    }

    [Fact]
    public async Task Librtmp_player_rtmpdump_receives_a_stream_that_decodes_cleanly()
    {
        var clip = await SourceMedia.ClipAsync(6);
        var key = "live/librtmp";
        var file = Path.Combine(Directory.CreateTempSubdirectory("gw-rtmpdump").FullName, "got.flv");
        await using (await BackgroundPublisher.StartAsync(gateway, clip, key))
        {
            // librtmp (the library OBS's RTMP output comes from) uses the plain handshake and its own chunking;
            // ffmpeg's players, used by the other tests, use the digest handshake.
            var dump = await Ffmpeg.RunToolAsync("rtmpdump", $"-q --live -r {gateway.RtmpUrl(key)} -o {file} --stop 3", PlayerTimeout, default);
            output.WriteLine(dump.ToString());
        }
        Assert.True(File.Exists(file) && new FileInfo(file).Length > 10_000, "rtmpdump saved nothing");
        var decode = await Ffmpeg.RunAsync($"-v error -i {file} -f null -", PlayerTimeout);
        Assert.True(decode.ExitCode == 0 && decode.Stderr.Trim().Length == 0, decode.ToString());
        var probe = await Ffmpeg.ProbeAsync($"-v error -show_entries stream=codec_name -of csv=p=0 {file}", PlayerTimeout);
        Assert.Equal(["aac", "h264"], probe.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order().ToArray());
    }

    [Theory]
    [InlineData("-vn", "audio")]
    [InlineData("-an", "video")]
    public async Task Single_track_streams_play_over_rtmp_and_http_flv(string dropOther, string kind)
    {
        var clip = await SourceMedia.ClipAsync(4);
        var key = $"live/only-{kind}";
        var streamSpecifier = kind == "audio" ? "a" : "v";
        var players = new[] { gateway.RtmpUrl(key), gateway.FlvUrl(key) }
            .Select(url => Ffmpeg.RunAsync($"-v error -i {url} -map 0:{streamSpecifier} -c copy -f framemd5 - -map 0:{streamSpecifier} -f null -", PlayerTimeout))
            .ToArray();
        await gateway.WaitForPlayersAsync(key, 2);
        var publisher = await Ffmpeg.RunAsync($"-v error -re -i {clip} {dropOther} -c copy -f flv {gateway.RtmpUrl(key)}", PlayerTimeout);
        Assert.True(publisher.ExitCode == 0, publisher.ToString());
        var expected = FrameMd5Line.Parse((await Ffmpeg.RunAsync($"-v error -i {clip} -map 0:{streamSpecifier} -c copy -f framemd5 -", PlayerTimeout)).Stdout)
            .Select(l => (l.Size, l.Hash)).ToList();
        Assert.True(expected.Count > 50, $"the clip has only {expected.Count} {kind} packets");

        foreach (var run in await Task.WhenAll(players))
        {
            output.WriteLine(run.ToString());
            Assert.True(run.ExitCode == 0 && run.Stderr.Trim().Length == 0, run.ToString());
            Assert.Equal(expected, FrameMd5Line.Parse(run.Stdout).Select(l => (l.Size, l.Hash)).ToList());
        }
    }
}
