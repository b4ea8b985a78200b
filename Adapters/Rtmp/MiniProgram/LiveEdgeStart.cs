using InteropGateway.Codecs.Media;
using InteropGateway.Core.Relay;
using Microsoft.Extensions.Logging;

namespace InteropGateway.Adapters.Rtmp.MiniProgram;

/// <summary>What a player gets first: frames to write (the pump releases them), and how.</summary>
internal sealed record LiveEdgePlan(List<MediaFrame> Frames, long? FirstFrameDts, bool SkipVideoUntilKeyframe);

/// <summary>
/// Low-latency start for mini-program players (live-player buffers whatever it is given, so a GOP
/// cache burst becomes seconds of delay for the whole session). A player joining mid-GOP gets the
/// newest keyframe at once, stamped at the live edge, then audio live and video from the next
/// keyframe: the picture appears immediately and the player sits at the live edge from its first
/// frame. A backlog of at most <see cref="MaxBacklog"/> is sent as usual, since it costs little delay
/// and gives smooth motion from the start.
/// </summary>
internal sealed class LiveEdgeStart(TimeSpan maxBacklog, ILogger logger)
{
    /// <summary>Bound on the frames taken at once (the subscriber queue is bounded too).</summary>
    private const int MaxDrained = 8192;

    public TimeSpan MaxBacklog => maxBacklog;

    /// <summary>Takes what <paramref name="subscriber"/> has queued (the GOP cache and what came since) and decides.</summary>
    public LiveEdgePlan Plan(Subscriber subscriber)
    {
        var frames = new List<MediaFrame>();
        while (frames.Count < MaxDrained && subscriber.TryRead(out var frame))
            frames.Add(frame);
        var keyIndex = frames.FindIndex(static f => f.Kind == MediaKind.Video && f.IsKeyframe);
        if (keyIndex < 0)
            return new LiveEdgePlan(frames, null, false);

        var keyframe = frames[keyIndex];
        var edge = frames.Where(static f => f.Kind == MediaKind.Video).Max(static f => f.Dts);
        var backlog = edge - keyframe.Dts;
        if (backlog <= Timebase.FromSeconds(maxBacklog.TotalSeconds))
            return new LiveEdgePlan(frames, null, false);

        foreach (var frame in frames)
            if (!ReferenceEquals(frame, keyframe))
                frame.Release();
        logger.LogInformation("Player {Player} of {Stream} starts at the live edge: newest keyframe shown at once, {Backlog} ms of backlog ({Frames} frames) skipped",
            subscriber.Info, subscriber.Key, Timebase.ToMilliseconds(backlog), frames.Count - 1);
        return new LiveEdgePlan([keyframe], edge, SkipVideoUntilKeyframe: true);
    }
}
