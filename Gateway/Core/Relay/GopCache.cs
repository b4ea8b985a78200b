using InteropGateway.Codecs.Media;

namespace InteropGateway.Core.Relay;

/// <summary>
/// Frames from the latest video keyframe onward, so a new player starts at once on a keyframe.
/// Holds one reference per cached frame. Bounded: a GOP that outgrows the limits is dropped and
/// caching resumes at the next keyframe. Streams without video cache nothing: audio starts live.
/// Not thread-safe; the owning stream serialises access.
/// </summary>
internal sealed class GopCache(int maxFrames, long maxBytes)
{
    private readonly List<MediaFrame> _frames = new(256);
    private long _bytes;
    private bool _collecting;

    public int Count => _frames.Count;
    public long Bytes => _bytes;

    public void Add(MediaFrame frame)
    {
        if (frame.Kind == MediaKind.Video && frame.IsKeyframe)
        {
            Clear();
            _collecting = true;
        }
        if (!_collecting)
            return;
        if (_frames.Count >= maxFrames || _bytes + frame.Length > maxBytes)
        {
            Clear();
            return;
        }
        _frames.Add(frame.AddRef());
        _bytes += frame.Length;
    }

    /// <summary>Calls <paramref name="visit"/> for each cached frame in order; the visitor takes its own references.</summary>
    public void ForEach(Action<MediaFrame> visit)
    {
        foreach (var frame in _frames)
            visit(frame);
    }

    public void Clear()
    {
        foreach (var frame in _frames)
            frame.Release();
        _frames.Clear();
        _bytes = 0;
        _collecting = false;
    }
}
