using InteropGateway.Core.Relay;
using static InteropGateway.Tests.Core.TestStreams;

namespace InteropGateway.Tests.Core;

/// <summary>
/// The fan-out hot path allocates nothing per frame once pools are warm (DESIGN §3, "Speed is a feature").
/// Runs alone: tests in parallel share ArrayPool.Shared, and one of them emptying a bucket makes
/// this thread allocate a fresh buffer that is not the relay's doing.
/// </summary>
[Collection(AllocationCollection.Name)]
public class AllocationTests
{
    [Fact]
    public void Publishing_to_ten_subscribers_allocates_nothing_per_frame()
    {
        using var hub = Hub();
        Assert.True(hub.TryPublish(Key, Session(), out var publication, out _));
        var players = Enumerable.Range(0, 10).Select(_ => hub.Subscribe(Key, Session())).ToArray();

        void PublishAndDrain(int from, int count)
        {
            for (var i = from; i < from + count; i++)
            {
                publication.Publish(VideoFrame(i, gop: 50, size: 4000));
                foreach (var player in players)
                    while (player.TryRead(out var frame))
                        frame.Release();
            }
        }

        PublishAndDrain(0, 200); // warm the frame pool, the array pool and the GOP cache's list
        var before = GC.GetAllocatedBytesForCurrentThread();
        PublishAndDrain(200, 5000);
        var perFrame = (GC.GetAllocatedBytesForCurrentThread() - before) / 5000.0;

        Assert.True(perFrame < 1, $"{perFrame:F1} bytes allocated per published frame");
        Assert.All(players, p => Assert.Equal(5200, p.FramesDelivered));
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationCollection
{
    public const string Name = "allocation (runs alone)";
}
