using InteropGateway.Codecs.Media;
using InteropGateway.Core.Relay;

namespace InteropGateway.Host.Api;

/// <summary>The shape of GET /api/streams: what an operator checks first when a viewer complains.</summary>
internal static class StreamsReport
{
    public static object Build(StreamHub hub) => new
    {
        streams = hub.Streams.OrderBy(s => s.Key.ToString()).Select(Describe).ToArray(),
    };

    private static object Describe(LiveStream stream) => new
    {
        key = stream.Key.ToString(),
        app = stream.Key.App,
        stream = stream.Key.Stream,
        live = stream.IsLive,
        createdAt = stream.CreatedAt,
        publisher = stream.Publisher is { } p
            ? new { protocol = p.Protocol, address = p.Remote?.ToString(), session = p.SessionId, since = p.StartedAt }
            : null,
        tracks = new[]
        {
            Track(stream.VideoTrack, stream.VideoRate),
            Track(stream.AudioTrack, stream.AudioRate),
        }.Where(t => t is not null).ToArray(),
        framesIn = stream.FramesIn,
        gopCacheFrames = stream.GopCacheFrames,
        // Per way of watching: "rtmp" and "http-flv" are both the rtmp family but users ask about each.
        subscribers = stream.Subscribers
            .GroupBy(s => s.Info.Transport)
            .ToDictionary(g => g.Key, g => g.Count()),
        players = stream.Subscribers.Select(s => new
        {
            protocol = s.Info.Protocol,
            transport = s.Info.Transport,
            address = s.Info.Remote?.ToString(),
            session = s.Info.SessionId,
            since = s.Info.StartedAt,
            framesDelivered = s.FramesDelivered,
            framesDropped = s.FramesDropped,
            queued = s.Queued,
        }).ToArray(),
    };

    private static object? Track(TrackConfig? config, RateMeter rate) => config is null ? null : new
    {
        kind = config.Kind == MediaKind.Video ? "video" : "audio",
        codec = config.Codec.Name(),
        width = config.Kind == MediaKind.Video ? config.Width : (int?)null,
        height = config.Kind == MediaKind.Video ? config.Height : (int?)null,
        sampleRate = config.Kind == MediaKind.Audio ? config.SampleRate : (int?)null,
        channels = config.Kind == MediaKind.Audio ? config.Channels : (int?)null,
        bitrate = rate.BitsPerSecond,
    };
}
