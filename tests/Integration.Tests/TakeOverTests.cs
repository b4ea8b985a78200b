using System.Diagnostics;
using InteropGateway.Tests.Integration.Infrastructure;

namespace InteropGateway.Tests.Integration;

/// <summary>The real gateway with <c>PublishPolicy=TakeOver</c>.</summary>
public sealed class TakeOverGatewayFixture : GatewayFixture
{
    protected override IEnumerable<string> ExtraSettings() => ["--Gateway:Relay:PublishPolicy=TakeOver"];
}

/// <summary>Under the take-over policy a new publisher replaces the live one and players keep decoding.</summary>
public sealed class TakeOverTests(TakeOverGatewayFixture gateway, ITestOutputHelper output) : IClassFixture<TakeOverGatewayFixture>
{
    [Fact]
    public async Task New_publisher_takes_over_and_players_keep_decoding()
    {
        const string key = "live/takeover";
        var longClip = await SourceMedia.ClipAsync(10);
        var shortClip = await SourceMedia.ClipAsync(4);
        var player = Ffmpeg.RunAsync($"-v error -i {gateway.RtmpUrl(key)} -map 0:v -map 0:a -c copy -f framemd5 - -map 0:v -map 0:a -f null -",
            TimeSpan.FromSeconds(60));
        await gateway.WaitForPlayersAsync(key, 1);

        var clock = Stopwatch.StartNew();
        var first = SourceMedia.PublishAsync(longClip, gateway.RtmpUrl(key));
        var stream = await gateway.WaitForLiveAsync(key);
        var firstSession = stream.Publisher!.SessionId;
        await Task.Delay(TimeSpan.FromSeconds(2));
        var second = await SourceMedia.PublishAsync(shortClip, gateway.RtmpUrl(key));
        var displaced = await first;
        output.WriteLine($"first publisher ({clock.Elapsed.TotalSeconds:F1} s): {displaced}\nsecond: {second}");

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.NotNull(await gateway.Logs.WaitForAsync(TimeSpan.FromSeconds(1), $"RTMP session rtmp {firstSession} ", "ended: taken over"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(9), "the displaced publisher kept its connection until its clip ended");

        var played = await player;
        Assert.True(played.ExitCode == 0 && played.Stderr.Trim().Length == 0, $"player: {played}");
        var videoDts = FrameMd5Line.Parse(played.Stdout).Where(l => l.Stream == 0).Select(l => l.Dts).ToArray();
        // About 2 s of the first publisher, then the whole 4 s clip of the second (25 fps), in rising order.
        Assert.InRange(videoDts.Length, 140, 180);
        Assert.True(videoDts.Zip(videoDts.Skip(1)).All(p => p.Second > p.First), "video timestamps went backwards at the take-over");
    }
}
