using System.Diagnostics;
using InteropGateway.Tests.Integration.Infrastructure;

namespace InteropGateway.Tests.Integration;

/// <summary>
/// A gateway that stops ends its sessions at once: it does not wait out the shutdown timeout for
/// publishers and players still connected (Kestrel leaves non-HTTP connections and streaming
/// responses to their handlers).
/// </summary>
public sealed class GatewayStopTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Stopping_with_an_rtmp_publisher_and_players_attached_ends_them_at_once()
    {
        var gateway = new GatewayFixture();
        await gateway.InitializeAsync();
        var clip = await SourceMedia.ClipAsync(20);
        const string key = "live/stopping";
        var publisher = SourceMedia.PublishAsync(clip, gateway.RtmpUrl(key));
        await gateway.WaitForLiveAsync(key);
        var players = new[]
        {
            Ffmpeg.RunAsync($"-v error -i {gateway.FlvUrl(key)} -f null -", TimeSpan.FromSeconds(30)),
            Ffmpeg.RunAsync($"-v error -i {gateway.RtmpUrl(key)} -f null -", TimeSpan.FromSeconds(30)),
            Ffmpeg.RunAsync($"-v error -i {gateway.PlainRtmpOnTlsPortUrl(key)} -f null -", TimeSpan.FromSeconds(30)),
        };
        await gateway.WaitForPlayersAsync(key, players.Length); // before the H5 viewer, whose branches count as players too
        using var h5 = new System.Net.WebSockets.ClientWebSocket();
        await h5.ConnectAsync(new Uri($"ws://127.0.0.1:{gateway.HttpPort}/h5/{key}"), CancellationToken.None);
        var firstH5Message = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var h5Reading = ReadUntilClosedAsync(h5, firstH5Message);
        await firstH5Message.Task.WaitAsync(TimeSpan.FromSeconds(15));

        var clock = Stopwatch.StartNew();
        await gateway.DisposeAsync();
        var stopped = clock.Elapsed;
        var ended = await Task.WhenAll(players);
        var h5Messages = await h5Reading.WaitAsync(TimeSpan.FromSeconds(5));
        var published = await publisher;
        output.WriteLine($"stopped in {stopped.TotalMilliseconds:F0} ms; publisher: {published}");
        foreach (var line in gateway.Logs.Lines.Where(l => l.Contains("ended")))
            output.WriteLine(line);

        Assert.True(stopped < TimeSpan.FromSeconds(3), $"the gateway took {stopped.TotalSeconds:F1} s to stop");
        Assert.All(ended, run => Assert.False(run.TimedOut, "a player was not ended"));
        Assert.False(published.TimedOut, "the publisher was not ended");
        Assert.Contains(gateway.Logs.Lines, l => l.Contains("HTTP-FLV session") && l.Contains($"for {key} ended: gateway stopping"));
        Assert.Equal(3, gateway.Logs.Lines.Count(l => l.Contains("RTMP session") && l.Contains("ended: gateway stopping")));
        Assert.True(h5Messages > 0, "the H5 viewer got nothing before the stop");
        Assert.Contains(gateway.Logs.Lines, l => l.Contains("H5 session") && l.Contains($"for {key} ended: gateway stopping"));
    }

    /// <summary>Reads a WebSocket until the server closes it (or the connection drops); returns the messages read.</summary>
    private static async Task<int> ReadUntilClosedAsync(System.Net.WebSockets.ClientWebSocket socket, TaskCompletionSource firstMessage)
    {
        var buffer = new byte[64 * 1024];
        var messages = 0;
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == System.Net.WebSockets.WebSocketMessageType.Close)
                    return messages;
                messages++;
                firstMessage.TrySetResult();
            }
        }
        catch (System.Net.WebSockets.WebSocketException)
        {
            return messages;
        }
        finally
        {
            firstMessage.TrySetException(new InvalidOperationException("the H5 socket closed before its first message"));
        }
    }
}
