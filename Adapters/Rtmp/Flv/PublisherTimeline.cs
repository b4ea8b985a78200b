using InteropGateway.Codecs.Media;

namespace InteropGateway.Adapters.Rtmp.Flv;

/// <summary>A timestamp discontinuity found in one publisher's stream and how it was bridged.</summary>
/// <param name="FromMs">The track's previous timestamp, as the publisher sent it.</param>
/// <param name="ToMs">The timestamp that broke the timeline, as the publisher sent it.</param>
/// <param name="ContinuesAtMs">Where that message was put on the gateway's timeline.</param>
public readonly record struct TimelineJump(MediaKind Track, long FromMs, long ToMs, long ContinuesAtMs)
{
    public override string ToString() =>
        $"{(Track == MediaKind.Video ? "video" : "audio")} timestamps jumped from {FromMs} ms to {ToMs} ms; continuing at {ContinuesAtMs} ms";
}

/// <summary>
/// One publisher's 32-bit RTMP timestamps (ms) turned into a continuous 64-bit timeline.
///
/// Each track is unwrapped on its own (nearest value to its previous timestamp, so the 49.7-day
/// wrap and small backward jitter come out right). A track whose timestamps go back by more than
/// <see cref="MaxBackwardStepMs"/>, or forward by more than <see cref="MaxForwardSkewMs"/> beyond
/// the wall-clock time since its previous message, has been reset by its encoder (mobile pushers
/// do this on a network or camera switch without reconnecting). The timeline is then rebased: that
/// track continues <see cref="RebaseGapMs"/> after the latest time sent on any track, and the other
/// track, when it shows the same reset shortly after, adopts the same offset so A/V sync holds.
/// A real pause (timestamps and wall clock advancing together) is kept as it is.
/// Not thread safe: one instance per publisher.
/// </summary>
public sealed class PublisherTimeline(TimeProvider? time = null)
{
    public const int MaxBackwardStepMs = 100;
    public const int MaxForwardSkewMs = 3_000;
    public const int RebaseGapMs = 40;
    /// <summary>How long after one track's reset the other track's reset counts as the same event.</summary>
    private const int AdoptWindowMs = 2_000;

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private TrackClock _video;
    private TrackClock _audio;
    private long _latestMs = long.MinValue;
    private Segment _segment;

    /// <summary>Discontinuities bridged so far.</summary>
    public int Jumps { get; private set; }

    /// <summary>
    /// Maps one message's timestamp; <paramref name="presentationOffsetMs"/> (the AVC composition
    /// time) only counts toward the latest time sent, so a rebased track starts after every picture
    /// already shown. <paramref name="jump"/> is set when this message started a rebase.
    /// </summary>
    public long Map(MediaKind track, uint timestamp, int presentationOffsetMs, out TimelineJump? jump)
    {
        jump = null;
        ref var clock = ref track == MediaKind.Video ? ref _video : ref _audio;
        var nowMs = (long)_time.GetElapsedTime(0).TotalMilliseconds;
        long unwrapped;
        if (!clock.Started)
        {
            unwrapped = timestamp;
            clock.Started = true;
            // A track that starts late joins the timeline as it is now (rebased or not).
            clock.Offset = _segment.Offset;
            clock.Segment = _segment.Number;
        }
        else
        {
            var step = unchecked((int)(timestamp - clock.LastRaw));
            unwrapped = clock.LastUnwrapped + step;
            var wallStep = nowMs - clock.LastWallMs;
            if (step < -MaxBackwardStepMs || step - wallStep > MaxForwardSkewMs)
                jump = Rebase(track, ref clock, timestamp, unwrapped, nowMs);
        }
        clock.LastRaw = timestamp;
        clock.LastUnwrapped = unwrapped;
        clock.LastWallMs = nowMs;

        var output = unwrapped + clock.Offset;
        _latestMs = Math.Max(_latestMs, output + Math.Max(0, presentationOffsetMs));
        return output;
    }

    private TimelineJump? Rebase(MediaKind track, ref TrackClock clock, uint timestamp, long unwrapped, long nowMs)
    {
        var from = clock.LastUnwrapped + clock.Offset;
        var recentOtherReset = _segment.Number > clock.Segment && nowMs - _segment.OpenedAtMs <= AdoptWindowMs;
        if (recentOtherReset && unwrapped + _segment.Offset > from)
        {
            // The other track was reset a moment ago in the same way: share its offset, keep sync.
            clock.Offset = _segment.Offset;
            clock.Segment = _segment.Number;
            return null;
        }
        var offset = _latestMs + RebaseGapMs - unwrapped;
        _segment = new Segment(_segment.Number + 1, offset, nowMs);
        clock.Offset = offset;
        clock.Segment = _segment.Number;
        Jumps++;
        return new TimelineJump(track, clock.LastRaw, timestamp, unwrapped + offset);
    }

    private struct TrackClock
    {
        public bool Started;
        public uint LastRaw;
        public long LastUnwrapped;
        public long LastWallMs;
        public long Offset;
        public int Segment;
    }

    private readonly record struct Segment(int Number, long Offset, long OpenedAtMs);
}
