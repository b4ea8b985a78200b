using InteropGateway.Codecs.Media;

namespace InteropGateway.Codecs.Transcoding;

/// <summary>What to do with one decoded picture on a constant frame rate grid.</summary>
/// <param name="Drop">The picture falls on a slot already filled: skip it.</param>
/// <param name="RepeatCount">Slots before <paramref name="Slot"/> left empty by the source: fill them with the previous picture.</param>
/// <param name="Slot">The grid slot this picture is shown in (when not dropped).</param>
public readonly record struct VideoGridStep(bool Drop, int RepeatCount, long Slot)
{
    public long FirstRepeatSlot => Slot - RepeatCount;
}

/// <summary>
/// Maps variable source timestamps onto a fixed frame rate, for encoders that only know standard
/// rates (MPEG-1). The grid is anchored at the first picture's PTS, so output time stays on the
/// source timeline (A/V sync): slot n is shown at anchor + n / fps. A picture takes the slot nearest
/// its PTS; two pictures on one slot drop the later one, an empty slot repeats the previous picture.
/// A gap longer than <see cref="MaxRepeatSeconds"/> (source paused, timestamp jump) is skipped
/// rather than filled with a burst of repeats; a jump backwards re-anchors so slots keep increasing.
/// </summary>
public sealed class VideoFrameRateGrid
{
    /// <summary>Longest gap filled with repeated pictures.</summary>
    public const double MaxRepeatSeconds = 1;
    /// <summary>How far behind the grid a picture may be before it counts as a jump back, not a late picture.</summary>
    private const double MaxLateSeconds = 1;

    private readonly int _fps;
    private long _anchor;
    private bool _anchored;
    private long _nextSlot;

    public VideoFrameRateGrid(int fps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fps, 1);
        _fps = fps;
    }

    public int FramesPerSecond => _fps;

    /// <summary>The 90 kHz time of <paramref name="slot"/> with the current anchor.</summary>
    public long SlotTime(long slot) => _anchor + slot * Timebase.TicksPerSecond / _fps;

    /// <summary>The time of the next free slot: where a picture without a timestamp goes.</summary>
    public long NextSlotTime => _anchored ? SlotTime(_nextSlot) : 0;

    /// <summary>Places a picture with presentation time <paramref name="pts"/> (90 kHz ticks).</summary>
    public VideoGridStep Place(long pts)
    {
        if (!_anchored)
        {
            _anchored = true;
            _anchor = pts;
            _nextSlot = 1;
            return new VideoGridStep(false, 0, 0);
        }

        var slot = NearestSlot(pts);
        if (slot < _nextSlot)
        {
            if (_nextSlot - slot <= MaxLateSeconds * _fps)
                return new VideoGridStep(true, 0, 0);
            // Timestamps went back: move the anchor so this picture lands on the next slot.
            _anchor = pts - _nextSlot * Timebase.TicksPerSecond / _fps;
            slot = _nextSlot;
        }

        var gap = slot - _nextSlot;
        var repeats = gap <= MaxRepeatSeconds * _fps ? (int)gap : 0;
        _nextSlot = slot + 1;
        return new VideoGridStep(false, repeats, slot);
    }

    private long NearestSlot(long pts)
    {
        var offset = (pts - _anchor) * _fps;
        // Round half up, also for negative offsets.
        return (long)Math.Floor((offset + Timebase.TicksPerSecond / 2.0) / Timebase.TicksPerSecond);
    }
}
