using InteropGateway.Core.Relay;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace InteropGateway.Tests.Core;

/// <summary>The on-demand pull set the CDN edge and the relay node share: one pull per key, stopped when idle, restarted for waiting players.</summary>
public sealed class DemandedPullerTests
{
    [Fact]
    public async Task A_demanded_key_gets_one_pull_which_stops_when_its_players_have_gone()
    {
        var hub = TestStreams.Hub();
        var logger = new ListLogger<TestPuller>();
        var puller = new TestPuller(hub, logger, endFirstAttempt: false);
        await puller.StartAsync(CancellationToken.None);

        using (hub.Subscribe(TestStreams.Key, TestStreams.Session()))
        using (hub.Subscribe(TestStreams.Key, TestStreams.Session()))
            await WaitUntilAsync(() => hub.Find(TestStreams.Key) is { IsLive: true });
        await WaitUntilAsync(() => logger.Lines.Any(l => l.Contains("stopped: idle")));

        Assert.Equal(1, puller.Created);
        Assert.Contains(logger.Lines, l => l.Contains("Test pull of live/test from upstream stopped: idle: no players for 0 s"));
        await puller.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_pull_that_ended_while_players_wait_is_started_again()
    {
        var hub = TestStreams.Hub();
        var puller = new TestPuller(hub, new ListLogger<TestPuller>(), endFirstAttempt: true);
        await puller.StartAsync(CancellationToken.None);

        using var player = hub.Subscribe(TestStreams.Key, TestStreams.Session());
        await WaitUntilAsync(() => hub.Find(TestStreams.Key) is { IsLive: true });

        Assert.Equal(2, puller.Created);
        await puller.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task The_hub_knows_which_unknown_keys_a_running_puller_would_fetch()
    {
        var hub = TestStreams.Hub();
        var puller = new TestPuller(hub, new ListLogger<TestPuller>(), endFirstAttempt: false);
        Assert.False(hub.CanPullOnDemand(TestStreams.Key));

        await puller.StartAsync(CancellationToken.None);
        Assert.True(hub.CanPullOnDemand(TestStreams.Key));
        Assert.False(hub.CanPullOnDemand(new StreamKey("other", "test")));

        await puller.StopAsync(CancellationToken.None);
        Assert.False(hub.CanPullOnDemand(TestStreams.Key));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var waited = 0; !condition(); waited += 20)
        {
            Assert.True(waited < 5000, "condition not met within 5 s");
            await Task.Delay(20);
        }
    }

    internal sealed class TestPuller(StreamHub hub, ILogger<TestPuller> logger, bool endFirstAttempt) : DemandedPuller<TestPull>(hub, NullLogger.Instance)
    {
        public int Created;

        protected override TimeSpan PullIdleTimeout => TimeSpan.FromMilliseconds(100);
        protected override bool WouldPull(StreamKey key) => key.App == "live";
        protected override void OnPlayDemanded(StreamKey key) => Pull(key, () =>
        {
            var first = Interlocked.Increment(ref Created) == 1;
            return new TestPull(key, Hub, logger, endAtOnce: endFirstAttempt && first);
        });
        protected override void OnStarted(TestPull pull) { }
        protected override void OnEnded(TestPull pull) { }
    }

    /// <summary>Publishes the key here and holds it until stopped; or, with <paramref name="endAtOnce"/>, is not needed at once.</summary>
    internal sealed class TestPull(StreamKey key, StreamHub hub, ILogger logger, bool endAtOnce)
        : DemandedPull(key, hub, new ReconnectBackoff(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(10)), logger)
    {
        public override string Name => "Test pull";
        protected override string Source => "upstream";
        protected override string? DescribeFailure(Exception ex) => null;
        protected override int CountFailure(string failure) => 1;

        protected override async Task<string> PullOnceAsync(ReconnectBackoff backoff, CancellationToken stopping)
        {
            if (endAtOnce)
                return NotNeeded("test");
            if (!TryPublishHere(TestStreams.Session(), out _, out var notNeeded))
                return notNeeded;
            await Task.Delay(Timeout.Infinite, stopping);
            return "unreachable";
        }
    }
}
