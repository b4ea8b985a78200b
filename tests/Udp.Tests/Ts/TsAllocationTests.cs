using InteropGateway.Adapters.Ts;
using InteropGateway.Core.Relay;
using Xunit.Abstractions;

namespace InteropGateway.Tests.Udp.Ts;

/// <summary>
/// Ingest and egress of TS run per packet and per frame: once warm they allocate nothing per frame.
/// Measured as the difference between a run over the clip once and over it four times, so fixed
/// set-up costs cancel out. Runs alone: parallel tests share ArrayPool.Shared, and one of them
/// emptying a bucket makes this thread allocate a buffer that is not the adapter's doing.
/// </summary>
[Collection(AllocationCollection.Name)]
public sealed class TsAllocationTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Publishing_ts_allocates_nothing_per_frame()
    {
        var clip = await File.ReadAllBytesAsync((await TsClips.H264AacAsync()).Path);
        long Measure(int repeats)
        {
            var hub = TestHub.Create();
            using var publication = TestHub.Publish(hub, new StreamKey("live", "alloc" + repeats));
            using var publisher = new TsPublisher(publication, new ListLogger());
            publisher.Push(clip); // warm-up: configs built, buffers grown
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < repeats; i++)
                for (var offset = 0; offset < clip.Length; offset += 1316)
                    publisher.Push(clip.AsSpan(offset, Math.Min(1316, clip.Length - offset)));
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        Measure(1);
        var once = Measure(1);
        var fourTimes = Measure(4);
        var perFrame = (fourTimes - once) / (3 * 289.0); // 100 pictures + 189 AAC frames per pass
        output.WriteLine($"once {once} B, four times {fourTimes} B: {perFrame:F2} B per frame");
        Assert.True(perFrame < 1, $"{perFrame:F2} bytes allocated per frame");
    }

    [Fact]
    public async Task Pumping_queued_frames_allocates_nothing_per_frame()
    {
        var clip = await File.ReadAllBytesAsync((await TsClips.H264AacAsync()).Path);
        long Measure(int repeats)
        {
            var hub = TestHub.Create();
            var key = new StreamKey("live", "pump" + repeats);
            var player = hub.Subscribe(key, TestHub.Session());
            using (var publication = TestHub.Publish(hub, key))
            using (var publisher = new TsPublisher(publication, new ListLogger()))
                for (var i = 0; i < repeats; i++)
                    publisher.Push(clip);
            long sent = 0;
            var pump = new TsSubscriberPump(player);
            var before = GC.GetAllocatedBytesForCurrentThread();
            // Every frame is queued, so the pump muxes and sends them all before its first real wait.
            var running = pump.RunAsync((ts, _) => { sent += ts.Length; return ValueTask.CompletedTask; }, CancellationToken.None);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            player.Close("measured");
            running.Wait(TimeSpan.FromSeconds(10));
            Assert.True(sent > clip.Length * repeats / 2, $"only {sent} bytes sent");
            return allocated;
        }
        Measure(4); // warm-up, the shared frame pool included: its queue grows to the most frames ever released
        Measure(4);
        var once = Measure(1);
        var fourTimes = Measure(4);
        var perFrame = (fourTimes - once) / (3 * 289.0);
        output.WriteLine($"once {once} B, four times {fourTimes} B: {perFrame:F2} B per frame");
        Assert.True(perFrame < 1, $"{perFrame:F2} bytes allocated per frame");
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationCollection
{
    public const string Name = "allocation (runs alone)";
}
