using System.Diagnostics;
using InteropGateway.Adapters.Rtmp.MiniProgram;
using InteropGateway.Tests.Integration.Infrastructure;

namespace InteropGateway.Tests.Integration;

/// <summary>
/// Live-pusher habits the gateway must tolerate: audio before video, no onMetaData, timestamps
/// that restart mid-stream, and a quick reconnect on the same key while the old connection lingers.
/// </summary>
public sealed class MiniProgramPusherTests(MiniProgramFixture gateway, ITestOutputHelper output) : IClassFixture<MiniProgramFixture>
{
    private static readonly TimeSpan PlayerTimeout = TimeSpan.FromSeconds(40);

    private static string DecodeAndHashArgs(string url) =>
        $"-v error -i {url} -map 0:v -map 0:a -c copy -f framemd5 - -map 0:v -map 0:a -f null -";

    [Fact]
    public async Task Audio_first_no_metadata_and_a_timestamp_reset_keep_players_decoding()
    {
        var clip = await SourceMedia.ClipAsync(6);
        const string key = "live/habits";
        var source = FrameMd5Line.Parse((await Ffmpeg.RunAsync($"-v error -i {clip} -map 0:v -map 0:a -c copy -f framemd5 -", PlayerTimeout)).Stdout);
        var names = new[] { "mini-program rtmp", "mini-program http-flv", "native rtmp" };
        var players = new[]
        {
            Ffmpeg.RunAsync(DecodeAndHashArgs(gateway.SignedRtmpUrl(key, SignedUrl.Play)), PlayerTimeout),
            Ffmpeg.RunAsync(DecodeAndHashArgs(gateway.SignedFlvUrl(key)), PlayerTimeout),
            Ffmpeg.RunAsync(DecodeAndHashArgs(gateway.RtmpUrl(key)), PlayerTimeout),
        };
        await gateway.WaitForPlayersAsync(key, 3);

        var habits = new LivePusherHabits { VideoLag = TimeSpan.FromMilliseconds(400), ResetTimestampsAt = TimeSpan.FromSeconds(3) };
        using var stop = new CancellationTokenSource(PlayerTimeout);
        await using (var pusher = await MiniProgramLivePusher.ConnectAsync(gateway.SignedRtmpUrl(key, SignedUrl.Publish), stop.Token))
        {
            await MiniProgramLivePusher.PushAsync(pusher, clip, habits, stop.Token);
            await pusher.UnpublishAsync();
        }
        var jump = await gateway.Logs.WaitForAsync(TimeSpan.FromSeconds(1), "live/habits", "timestamps jumped from", "rebased");
        output.WriteLine(jump);
        Assert.NotNull(jump);

        foreach (var (run, name) in (await Task.WhenAll(players)).Zip(names))
        {
            output.WriteLine($"{name}: {run}");
            Assert.True(run.ExitCode == 0 && !run.TimedOut, $"{name}: {run}");
            Assert.True(run.Stderr.Trim().Length == 0, $"{name} printed errors: {run.Stderr}");
            var received = FrameMd5Line.Parse(run.Stdout);
            foreach (var track in new[] { 0, 1 })
            {
                Assert.Equal(source.Where(l => l.Stream == track).Select(l => l.Hash), received.Where(l => l.Stream == track).Select(l => l.Hash));
                var dts = received.Where(l => l.Stream == track).Select(l => l.Dts).ToArray();
                Assert.True(dts.Zip(dts.Skip(1)).All(p => p.Second > p.First), $"{name}: track {track} timestamps went backwards");
                Assert.InRange(dts[^1] - dts[0], 5500, 6500); // the reset was bridged, not kept as a 3 s step back
            }
        }
    }

    [Fact]
    public async Task Quick_reconnect_with_the_same_key_replaces_the_stale_connection()
    {
        var clip = await SourceMedia.ClipAsync(4);
        const string key = "live/reconnect";
        var player = Ffmpeg.RunAsync($"-v error -i {gateway.SignedRtmpUrl(key, SignedUrl.Play)} -map 0:v -c copy -f framemd5 - -map 0:v -map 0:a -f null -", PlayerTimeout);
        await gateway.WaitForPlayersAsync(key, 1);

        // The first connection pushes 2 s and then falls silent, open, as after a switch from Wi-Fi to 4G.
        using var stop = new CancellationTokenSource(PlayerTimeout);
        await using var stale = await MiniProgramLivePusher.ConnectAsync(gateway.SignedRtmpUrl(key, SignedUrl.Publish), stop.Token);
        await MiniProgramLivePusher.PushAsync(stale, clip, new LivePusherHabits { GoSilentAt = TimeSpan.FromSeconds(2) }, stop.Token);

        var clock = Stopwatch.StartNew();
        var again = await SourceMedia.PublishAsync(clip, gateway.SignedRtmpUrl(key, SignedUrl.Publish));
        output.WriteLine($"reconnected publisher: {again}");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.True(stale.Closed.IsCancellationRequested, "the stale connection was left open");
        Assert.NotNull(await gateway.Logs.WaitForAsync(TimeSpan.FromSeconds(1), "of live/reconnect replaced by"));

        var played = await player;
        output.WriteLine(played.ToString());
        Assert.True(played.ExitCode == 0 && played.Stderr.Trim().Length == 0, played.ToString());
        var dts = FrameMd5Line.Parse(played.Stdout).Select(l => l.Dts).ToArray();
        Assert.True(dts.Zip(dts.Skip(1)).All(p => p.Second > p.First), "video timestamps went backwards at the reconnect");
        Assert.InRange(dts.Length, 140, 160); // 2 s of the stale connection, then the whole 4 s clip (25 fps)
    }
}
