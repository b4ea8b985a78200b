using System.Buffers;
using InteropGateway.Adapters.Rtmp.Flv;
using InteropGateway.Codecs.Media;

namespace InteropGateway.Bench.Transcode;

/// <summary>
/// The frames of an FLV clip exactly as the RTMP adapter publishes them (FlvFileReader + FlvIngestMapper,
/// like tests/Integration.Tests/Infrastructure/FlvClip.cs), parsed once and kept as templates so each
/// run gets fresh pooled frames without parsing inside the measured window.
/// </summary>
internal sealed class ClipFrames
{
    private readonly record struct Template(TrackConfig Track, byte[] Payload, long Dts, long Pts, bool IsKeyframe);

    private readonly List<Template> _frames = [];

    private ClipFrames() { }

    public TrackConfig? VideoTrack { get; private set; }
    public TrackConfig? AudioTrack { get; private set; }

    public static ClipFrames Load(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var clip = new ClipFrames();
        var mapper = new FlvIngestMapper();
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
        if (!FlvFileReader.TryReadFileHeader(ref reader, out _, out _))
            throw new InvalidDataException($"{path} is not an FLV file");
        while (FlvFileReader.TryReadTag(ref reader, out var tag))
        {
            var result = mapper.Map(tag.TagType, tag.TimestampMs, tag.Data.ToArray());
            if (result.Outcome != FlvIngestOutcome.Frame || result.Frame is not { } frame)
                continue;
            clip._frames.Add(new Template(frame.Track, frame.Payload.ToArray(), frame.Dts, frame.Pts, frame.IsKeyframe));
            if (frame.Kind == MediaKind.Video) clip.VideoTrack ??= frame.Track;
            else clip.AudioTrack ??= frame.Track;
            frame.Release();
        }
        if (clip.VideoTrack is null || clip.AudioTrack is null)
            throw new InvalidDataException($"{path}: expected H264 video and AAC audio");
        return clip;
    }

    public int Count(MediaKind kind) => _frames.Count(f => f.Track.Kind == kind);

    /// <summary>Media duration of one track: first to last DTS plus one frame interval (median step).</summary>
    public double MediaSeconds(MediaKind kind)
    {
        var dts = _frames.Where(f => f.Track.Kind == kind).Select(f => f.Dts).ToArray();
        if (dts.Length < 2) return 0;
        var steps = dts.Zip(dts.Skip(1), (a, b) => b - a).Order().ToArray();
        return Timebase.ToSeconds(dts[^1] - dts[0] + steps[steps.Length / 2]);
    }

    /// <summary>New frames (the caller owns each) of one track, or of both when <paramref name="kind"/> is null, in file order.</summary>
    public List<MediaFrame> Rent(MediaKind? kind, double? maxSeconds = null)
    {
        var list = new List<MediaFrame>();
        long? start = null;
        foreach (var t in _frames)
        {
            if (kind is { } k && t.Track.Kind != k) continue;
            start ??= t.Dts;
            if (maxSeconds is { } max && Timebase.ToSeconds(t.Dts - start.Value) >= max) break;
            list.Add(MediaFrame.Copy(t.Track, t.Payload, t.Dts, t.Pts, t.IsKeyframe));
        }
        return list;
    }
}
