using InteropGateway.Adapters.RelayNode.Role;
using InteropGateway.Adapters.Rtmp.Cdn;
using InteropGateway.Codecs.Media;
using InteropGateway.Core.Relay;
using InteropGateway.Core.Routing;

namespace InteropGateway.Host.Api;

/// <summary>The shape of GET /api/streams: what an operator checks first when a viewer complains.</summary>
internal static class StreamsReport
{
    public static object Build(StreamHub hub, MediaRouter router, CdnStatus cdn, RelayNodeLinks relay)
    {
        var branches = router.Branches.ToLookup(b => b.Key.Source);
        return new
        {
            streams = hub.Streams.OrderBy(s => s.Key.ToString()).Select(s => Describe(s, branches[s], cdn.For(s.Key), relay.For(s.Key))).ToArray(),
            // The relay role's upstream (credentials left out) and every push and pull, also of streams not live here now.
            relayNode = relay.Options.IsRelay ? new { upstream = relay.Options.Upstream, proxy = WithoutUserInfo(relay.Options.Proxy), links = relay.Links } : null,
        };
    }

    private static object Describe(LiveStream stream, IEnumerable<Branch> branches, IEnumerable<CdnLink> cdnLinks, IReadOnlyList<RelayLinkStatus> relayLinks) => new
    {
        key = stream.Key.ToString(),
        app = stream.Key.App,
        stream = stream.Key.Stream,
        live = stream.IsLive,
        createdAt = stream.CreatedAt,
        publisher = stream.Publisher is { } p
            ? new { protocol = p.Protocol, address = p.Remote?.ToString(), session = p.SessionId, since = p.StartedAt, link = p.LinkStats?.Invoke() }
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
            link = s.Info.LinkStats?.Invoke(),
        }).ToArray(),
        // Conversions this stream pays for, once each however many viewers share them.
        branches = branches.Select(b => new
        {
            source = b.Key.From.Name(),
            target = b.Key.To.Name(),
            output = b.OutputTrack?.ToString(),
            subscribers = b.Subscribers,
            since = b.CreatedAt,
            cpuSeconds = Math.Round(b.CpuTime.TotalSeconds, 3),
            framesIn = b.FramesIn,
            framesOut = b.FramesOut,
            framesDropped = b.FramesDropped,
            corruptFrames = b.CorruptFrames,
            error = b.Error,
        }).ToArray(),
        // Pushes to CDN ingests and pulls from upstreams (URL secrets redacted).
        cdn = cdnLinks.Select(l => new
        {
            direction = l.Direction,
            url = l.Url,
            state = l.State.ToString(),
            since = l.StateSince,
            retries = l.Retries,
            lastError = l.LastError,
            frames = l.Frames,
        }).ToArray(),
        // This stream's link to the upstream gateway when the gateway is a relay node.
        relay = relayLinks,
    };

    private static string WithoutUserInfo(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? $"{uri.Scheme}://{uri.Host}:{uri.Port}" : "";

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
