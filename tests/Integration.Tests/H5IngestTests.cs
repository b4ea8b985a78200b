using System.Net.WebSockets;
using InteropGateway.Codecs.Media;
using InteropGateway.Tests.Integration.Infrastructure;

namespace InteropGateway.Tests.Integration;

/// <summary>
/// H5 ingest with real peers: ffmpeg pushes MPEG-1 + MP2 in MPEG-TS by HTTP POST (as to a JSMpeg
/// relay) and RTMP players decode H264 + AAC made by the MPEG-1 -> H264 and MP2 -> AAC branches.
/// </summary>
public sealed class H5IngestTests(H5GatewayFixture gateway, ITestOutputHelper output) : IClassFixture<H5GatewayFixture>
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(60);
    private const string MakeMpeg1Mp2 =
        "-f lavfi -i testsrc2=size=640x360:rate=30 -f lavfi -i sine=frequency=440:sample_rate=44100 " +
        "-c:v mpeg1video -b:v 1000k -bf 0 -g 30 -c:a mp2 -b:a 128k -f mpegts";

    [Fact]
    public async Task Ffmpeg_pushes_mpeg1_mp2_by_http_post_and_an_rtmp_player_decodes_h264_and_aac_without_error()
    {
        const string key = "live/h5push";
        const int seconds = 5;
        var player = Ffmpeg.RunAsync($"-v error -i {gateway.RtmpUrl(key)} -map 0:v -map 0:a -f null -", ToolTimeout);
        await gateway.WaitForPlayersAsync(key, 1);
        var probe = Ffmpeg.ProbeAsync($"-v error -show_entries stream=codec_name,width,height,sample_rate -of compact {gateway.RtmpUrl(key)}", ToolTimeout);
        await gateway.WaitForPlayersAsync(key, 2);

        var push = await Ffmpeg.RunAsync($"-v error -re {MakeMpeg1Mp2.Replace("-c:v", $"-t {seconds} -c:v")} {gateway.IngestUrl(key)}", ToolTimeout);
        Assert.True(push.ExitCode == 0, $"ffmpeg push failed: {push}");

        var played = await player;
        Assert.True(played.ExitCode == 0 && played.Stderr.Trim().Length == 0, $"RTMP player did not decode cleanly: {played}");
        var probed = await probe;
        output.WriteLine(probed.Stdout);
        Assert.Contains("codec_name=h264|width=640|height=360", probed.Stdout);
        Assert.Contains("codec_name=aac", probed.Stdout);
        var ended = await gateway.Logs.WaitForAsync(TimeSpan.FromSeconds(5), "H5 ingest", "ended: publisher finished");
        output.WriteLine(ended);
        Assert.Matches(@"(1[4-5]\d) video frames", ended!); // 5 s at 30 fps
        Assert.Contains(" 0 continuity errors", ended);
        var branches = gateway.Router.Branches.Where(b => b.Key.Source.Key.ToString() == key).Select(b => $"{b.Key.From.Name()}->{b.Key.To.Name()}").Order();
        Assert.Equal(["mp2->aac", "mpeg1->h264"], branches);
    }

    [Fact]
    public async Task A_post_of_h264_and_aac_ts_is_published_too_and_reaches_rtmp_untouched()
    {
        const string key = "live/h5h264";
        var player = Ffmpeg.RunAsync($"-v error -i {gateway.RtmpUrl(key)} -map 0:v -map 0:a -f null -", ToolTimeout);
        await gateway.WaitForPlayersAsync(key, 1);

        var push = await Ffmpeg.RunAsync(
            "-v error -re -f lavfi -i testsrc2=size=320x240:rate=25 -f lavfi -i sine=frequency=440:sample_rate=48000 -t 3 " +
            $"-c:v libx264 -preset ultrafast -bf 0 -g 25 -c:a aac -f mpegts {gateway.IngestUrl(key)}", ToolTimeout);
        Assert.True(push.ExitCode == 0, $"ffmpeg push failed: {push}");

        var played = await player;
        Assert.True(played.ExitCode == 0 && played.Stderr.Trim().Length == 0, $"RTMP player did not decode cleanly: {played}");
        var ended = await gateway.Logs.WaitForAsync(TimeSpan.FromSeconds(5), $"of {key} ended: publisher finished");
        output.WriteLine(ended);
        Assert.Matches(@" 7[0-5] video frames", ended!); // 3 s at 25 fps
        Assert.Empty(gateway.Router.Branches.Where(b => b.Key.Source.Key.ToString() == key)); // H264/AAC suit RTMP as they are
    }

    [Fact]
    public async Task A_websocket_push_of_mpeg_ts_publishes_mpeg1_and_mp2_frames()
    {
        const string key = "live/h5wspush";
        var dir = Directory.CreateTempSubdirectory("gw-h5push").FullName;
        var file = Path.Combine(dir, "source.ts");
        var make = await Ffmpeg.RunAsync($"-v error -y {MakeMpeg1Mp2.Replace("-c:v", "-t 3 -c:v")} {file}", ToolTimeout);
        Assert.True(make.ExitCode == 0, make.ToString());

        using var viewer = gateway.Hub.Subscribe(new Core.Relay.StreamKey("live", "h5wspush"),
            new Core.Sessions.SessionInfo(Matrix.Protocols.H5, null, Core.Sessions.SessionInfo.NewId()));
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{gateway.HttpPort}/h5/ingest/{key}"), CancellationToken.None);
        var bytes = await File.ReadAllBytesAsync(file);
        for (var offset = 0; offset < bytes.Length; offset += 1000) // odd sizes: packets cut across messages
            await socket.SendAsync(bytes.AsMemory(offset, Math.Min(1000, bytes.Length - offset)), WebSocketMessageType.Binary, true, CancellationToken.None);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);

        int pictures = 0, keyframes = 0, mp2 = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (await viewer.ReadAsync().AsTask().WaitAsync(timeout.Token) is { } frame)
        {
            if (frame.Codec == CodecId.Mpeg1Video)
            {
                pictures++;
                keyframes += frame.IsKeyframe ? 1 : 0;
            }
            mp2 += frame.Codec == CodecId.Mp2 ? 1 : 0;
            frame.Release();
        }
        output.WriteLine($"{pictures} pictures ({keyframes} I), {mp2} MP2 frames");
        Assert.Equal(90, pictures); // pass-through: the h5 viewer gets the pushed pictures as they are
        Assert.Equal(3, keyframes);
        Assert.InRange(mp2, 3 * 44100 / 1152 - 2, 3 * 44100 / 1152 + 2);
    }
}
