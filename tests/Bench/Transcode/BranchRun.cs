using System.Diagnostics;
using InteropGateway.Codecs.Media;
using InteropGateway.Codecs.Transcoding;
using InteropGateway.Core.Options;
using InteropGateway.Core.Relay;
using InteropGateway.Core.Routing;
using InteropGateway.Core.Sessions;
using InteropGateway.Matrix;

namespace InteropGateway.Bench.Transcode;

/// <summary>What one in-process run measured.</summary>
internal sealed record BranchRunResult(
    MediaKind Kind, double? Speed, string SinkProtocol, int Subscribers, int FramesPublished, double MediaSeconds, double WallSeconds,
    CpuClock.Sample Process, double BranchThreadCpuSeconds, int Branches, string BranchNames,
    long BranchFramesIn, long BranchFramesOut, long BranchFramesDropped, long SubscriberFramesDropped, long BranchFramesOutBeforeEnd,
    long MinDelivered, long MaxDelivered, int ThreadsBefore, int ThreadsAfter, string BusiestThreads)
{
    public double ProcessCpuPerMediaSecond => Process.Seconds / MediaSeconds;
    public double BranchCpuPerMediaSecond => BranchThreadCpuSeconds / MediaSeconds;
    public double SpeedX => MediaSeconds / WallSeconds;
}

/// <summary>
/// One run of the relay core in this process: a StreamHub with a MediaRouter and the FFmpeg
/// transcoder provider (what Gateway.Host wires up), an "rtmp" publisher fed from the clip, and N
/// in-process subscribers of one sink protocol, each drained by a task of its own that releases
/// every frame. The publisher is not paced (unless a speed-up is given): it keeps at most <see cref="Window"/> frames ahead of
/// the consumer (the branch's input count, or for pass-through the slowest subscriber), well under
/// the default subscriber queue of 1024 frames, so nothing overflows; the run checks that nothing
/// was dropped. The measured window is from the first Publish until every frame has been converted
/// and delivered to every subscriber, the stream has ended and the branch has flushed its codecs
/// and finished (an idle wait of up to 250 ms for the hub's sweep, ~0 CPU, is inside). It covers
/// process CPU (getrusage: every thread, codec helpers included) and the branch's own CpuTime
/// (thread CPU inside its transcode and flush calls).
/// </summary>
internal static class BranchRun
{
    /// <summary>Frames the publisher may be ahead of the consumer: below the default subscriber queue (1024), above a 20 s clip's track (600 video, 938 audio frames), so by default it never waits.</summary>
    private const int Window = 1000;
    private static readonly FfmpegTranscoderProvider Transcoders = new();

    /// <summary>
    /// Frames a branch gets of <paramref name="published"/>: all of them for video (the frame that
    /// made the router open the branch is in the GOP cache the branch's feed starts with), one less
    /// for an audio-only stream, which caches nothing (GopCache: "audio starts live").
    /// </summary>
    public static long BranchInput(MediaKind kind, long published) => kind == MediaKind.Audio ? published - 1 : published;

    public static async Task<BranchRunResult> RunAsync(ClipFrames clip, MediaKind kind, string sinkProtocol, int subscriberCount,
        string matrixPath, double? maxSeconds = null, double? speed = null)
    {
        // Defaults, except that the stream ends as soon as its publisher does (no 10 s grace for a new
        // publisher): that completes the branch's feed, so the branch drains its decoder and flushes
        // its encoder at the end of the clip, as the ffmpeg CLI does at the end of its input.
        var relay = new FixedOptionsMonitor<RelayOptions>(new RelayOptions { PublisherGracePeriod = TimeSpan.Zero });
        var settings = new FixedOptionsMonitor<TranscodeSettings>(new TranscodeSettings());
        using var matrix = new MatrixStore(matrixPath, WarningLogger<MatrixStore>.Instance);
        using var router = new MediaRouter(matrix, relay, settings, Transcoders, WarningLogger<MediaRouter>.Instance);
        using var hub = new StreamHub(relay, WarningLogger<StreamHub>.Instance, router);
        var key = new StreamKey("bench", $"{sinkProtocol}-{kind}-{subscriberCount}-{Guid.NewGuid():N}");

        var frames = clip.Rent(kind, maxSeconds);
        var mediaSeconds = maxSeconds is { } m ? Math.Min(m, clip.MediaSeconds(kind)) : clip.MediaSeconds(kind);
        var subscribers = new Subscriber[subscriberCount];
        var delivered = new long[subscriberCount];
        var drains = new Task[subscriberCount];
        for (var i = 0; i < subscriberCount; i++)
        {
            var subscriber = subscribers[i] = hub.Subscribe(key, new SessionInfo(sinkProtocol, null, SessionInfo.NewId()) { Transport = "bench" });
            var index = i;
            drains[i] = Task.Run(async () =>
            {
                while (await subscriber.ReadAsync() is { } frame)
                {
                    frame.Release();
                    Interlocked.Increment(ref delivered[index]);
                }
            });
        }
        if (!hub.TryPublish(key, new SessionInfo(Protocols.Rtmp, null, SessionInfo.NewId()) { Transport = "bench" }, out var publication, out var error))
            throw new InvalidOperationException(error);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        await Task.Delay(200);
        var threads0 = ThreadCpu.Snapshot();
        var cpu0 = CpuClock.Self();
        var clock = Stopwatch.StartNew();

        Branch[] branches = [];
        var published = 0;
        var firstDts = frames.Count > 0 ? frames[0].Dts : 0;
        foreach (var frame in frames)
        {
            if (speed is { } x)
            {
                // Paced: each frame at its clip time divided by the speed-up (to the next millisecond).
                var due = TimeSpan.FromSeconds(Timebase.ToSeconds(frame.Dts - firstDts) / x) - clock.Elapsed;
                if (due > TimeSpan.Zero)
                    Thread.Sleep((int)Math.Ceiling(due.TotalMilliseconds));
            }
            while (published - Progress() >= Window)
                Thread.Sleep(5);
            publication.Publish(frame);
            if (++published == 1)
                branches = router.Branches.ToArray(); // routed synchronously by the first frame
        }
        frames.Clear();

        // Done: every frame converted, every output frame (or passed-through frame) delivered, and quiet for 3 polls.
        var stable = 0;
        (long, long, TimeSpan, long) last = default;
        var lastChange = clock.Elapsed;
        while (stable < 3)
        {
            await Task.Delay(10);
            var expected = branches.Length == 0 ? published : branches.Sum(b => b.FramesOut);
            var state = (branches.Sum(b => b.FramesIn), branches.Sum(b => b.FramesOut), TimeSpan.FromTicks(branches.Sum(b => b.CpuTime.Ticks)), delivered.Sum());
            var done = (branches.Length == 0 || branches.All(b => b.FramesIn + b.FramesDropped >= BranchInput(kind, published)))
                       && delivered.All(d => d >= expected);
            if (state != last)
                lastChange = clock.Elapsed;
            else if (clock.Elapsed - lastChange > TimeSpan.FromSeconds(20))
                throw new TimeoutException($"{sinkProtocol} x{subscriberCount}: stuck for 20 s ({Describe()})");
            stable = done && state == last ? stable + 1 : 0;
            last = state;
        }
        var wall = clock.Elapsed.TotalSeconds - 0.03;
        var framesOutBeforeEnd = branches.Sum(b => b.FramesOut);

        // End of the clip: the hub's sweep (every 250 ms; idle meanwhile) ends the stream, the branch
        // flushes and finishes, the subscribers get the end of their queues.
        publication.End("end of the clip");
        var endWait = System.Diagnostics.Stopwatch.StartNew();
        while (!branches.All(b => b.IsFinished) || !drains.All(d => d.IsCompleted))
        {
            await Task.Delay(10);
            if (endWait.Elapsed > TimeSpan.FromSeconds(20))
                throw new TimeoutException($"{sinkProtocol} x{subscriberCount}: the branch did not finish after the end of the stream ({Describe()})");
        }
        var cpu1 = CpuClock.Self();
        var threads1 = ThreadCpu.Snapshot();

        var result = new BranchRunResult(kind, speed, sinkProtocol, subscriberCount, published, mediaSeconds, wall, cpu1 - cpu0,
            branches.Sum(b => b.CpuTime.TotalSeconds), branches.Length, string.Join(", ", branches.Select(b => b.Key.ToString())),
            branches.Sum(b => b.FramesIn), branches.Sum(b => b.FramesOut), branches.Sum(b => b.FramesDropped),
            subscribers.Sum(s => s.FramesDropped), framesOutBeforeEnd, delivered.Min(), delivered.Max(), threads0.Count, threads1.Count,
            ThreadCpu.Busiest(threads0, threads1));

        foreach (var s in subscribers) s.Dispose();
        return result;

        long Progress()
        {
            if (branches.Length > 0)
                return branches.Min(b => b.FramesIn + b.FramesDropped);
            var min = long.MaxValue;
            foreach (ref var d in delivered.AsSpan())
                min = Math.Min(min, Interlocked.Read(ref d));
            return min;
        }

        string Describe() => $"published {published}, branches in {branches.Sum(b => b.FramesIn)} out {branches.Sum(b => b.FramesOut)}, delivered {delivered.Min()}..{delivered.Max()}";
    }
}
