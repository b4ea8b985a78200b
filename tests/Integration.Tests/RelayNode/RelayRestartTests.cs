using System.Diagnostics;
using InteropGateway.Core.Relay;
using InteropGateway.Core.Sessions;
using InteropGateway.Matrix;
using InteropGateway.Tests.Integration.Infrastructure;

namespace InteropGateway.Tests.Integration.RelayNode;

/// <summary>
/// publisher -> R1 -> proxy -> U -> proxy -> R2 -> players. The upstream restarts; both relay nodes
/// reconnect on their own (with backoff) and R2's players keep playing without reconnecting: the
/// local stream outlives the link for the grace period and the new pull continues it.
/// </summary>
[Collection("relay-restart")]
public sealed class RelayRestartTests(RelayRestartFixture chain, ITestOutputHelper output)
{
    [Fact]
    public async Task Upstream_restart_relays_reconnect_and_the_downstream_player_resumes()
    {
        var clip = await SourceMedia.ClipAsync(40);
        using var stop = new CancellationTokenSource();
        var publisher = SourceMedia.PublishAsync(clip, chain.R1.RtmpUrl("live/long"), stop.Token);
        await chain.Upstream.WaitForLiveAsync("live/long");

        // A real player decoding on R2 for 22 s of media, and an in-process one counting frames by wall clock.
        var player = Ffmpeg.RunAsync($"-v error -i {chain.R2.RtmpUrl("live/long")} -t 22 -f null -", TimeSpan.FromSeconds(60));
        using var counter = new FrameCounter(chain.R2.Hub.Subscribe(new StreamKey("live", "long"), new SessionInfo(Protocols.Rtmp, null, SessionInfo.NewId())));
        await counter.WaitForAsync(50, TimeSpan.FromSeconds(20));
        await Task.Delay(TimeSpan.FromSeconds(2));
        var before = counter.Count;

        // Down for 2 s: the relays' retries meanwhile fail at the proxy (502, nothing listens upstream).
        var clock = Stopwatch.StartNew();
        await chain.Upstream.RestartAsync(TimeSpan.FromSeconds(2));
        output.WriteLine($"upstream back after {clock.ElapsedMilliseconds} ms; {before} frames before");
        var atRestart = counter.Count;

        Assert.NotNull(await chain.R1.Logs.WaitForAsync(TimeSpan.FromSeconds(1), "Relay push of live/long to", "failed: the upstream ended the push: gateway stopping", "retry 1 in 0.5 s"));
        Assert.NotNull(await chain.R2.Logs.WaitForAsync(TimeSpan.FromSeconds(1), "Relay pull of live/long from", "failed: sender ended: upstream gateway stopping", "retry 1 in 0.5 s"));
        Assert.NotNull(await chain.R1.Logs.WaitForAsync(TimeSpan.FromSeconds(1), "Relay push of live/long to", "502", "retry 2 in 1 s"));
        Assert.NotNull(await chain.R2.Logs.WaitForAsync(TimeSpan.FromSeconds(1), "Relay pull of live/long from", "502", "retry 2 in 1 s"));
        await chain.Upstream.WaitForLiveAsync("live/long");
        var pushes = await WaitForCountAsync(chain.R1.Logs, 2, "Relay push of live/long connected to");
        var pulls = await WaitForCountAsync(chain.R2.Logs, 2, "Relay pull", "of live/long connected to");
        output.WriteLine($"relinked after {clock.ElapsedMilliseconds} ms: {pushes} push and {pulls} pull connections");

        // The players on R2 never reconnected: the same subscription goes on receiving.
        await counter.WaitForAsync(atRestart + 100, TimeSpan.FromSeconds(15));
        output.WriteLine($"{counter.Count - atRestart} frames after the restart; gaps: {counter.LongestGap.TotalMilliseconds:F0} ms longest");
        Assert.False(counter.Closed, "the in-process player was closed");
        Assert.Contains(chain.R2.Logs.Lines, l => l.Contains("continues live/long") && l.Contains("timestamps will be rebased"));

        var played = await player;
        output.WriteLine(played.ToString());
        Assert.True(played.ExitCode == 0 && !played.TimedOut, played.ToString());
        Assert.True(played.Stderr.Trim().Length == 0, $"the player printed errors: {played.Stderr}");
        stop.Cancel();
        await publisher;
    }

    private static async Task<int> WaitForCountAsync(LogCapture logs, int count, params string[] fragments)
    {
        var deadline = Stopwatch.StartNew();
        int found;
        while ((found = logs.Lines.Count(l => fragments.All(f => l.Contains(f)))) < count && deadline.Elapsed < TimeSpan.FromSeconds(15))
            await Task.Delay(100);
        Assert.True(found >= count, $"{found} of {count} lines with {string.Join(" ", fragments)}");
        return found;
    }

    /// <summary>Reads a subscriber on a background task, counting frames and the longest wait between two.</summary>
    private sealed class FrameCounter : IDisposable
    {
        private readonly Subscriber _subscriber;
        private readonly Task _reading;
        private int _count;

        public FrameCounter(Subscriber subscriber)
        {
            _subscriber = subscriber;
            _reading = Task.Run(ReadAsync);
        }

        public int Count => Volatile.Read(ref _count);
        public bool Closed { get; private set; }
        public TimeSpan LongestGap { get; private set; }

        private async Task ReadAsync()
        {
            var last = Stopwatch.StartNew();
            while (await _subscriber.ReadAsync() is { } frame)
            {
                frame.Release();
                if (Count > 0 && last.Elapsed > LongestGap)
                    LongestGap = last.Elapsed;
                last.Restart();
                Interlocked.Increment(ref _count);
            }
            Closed = true;
        }

        public async Task WaitForAsync(int count, TimeSpan limit)
        {
            var clock = Stopwatch.StartNew();
            while (Count < count && clock.Elapsed < limit && !Closed)
                await Task.Delay(50);
            Assert.True(Count >= count, $"{Count} of {count} frames within {limit.TotalSeconds} s (closed: {Closed}, reason {_subscriber.CloseReason})");
        }

        public void Dispose()
        {
            _subscriber.Close("test over");
            _reading.Wait(TimeSpan.FromSeconds(5));
            _subscriber.Dispose();
        }
    }
}
