using System.Collections.Concurrent;
using InteropGateway.Core.Relay;

namespace InteropGateway.Adapters.Rtmp.Cdn;

/// <summary>
/// The CDN links that exist now, for /api/streams: forwards (target, state, retries, last error)
/// and pulls (source, state, retries). A singleton; links add and remove themselves.
/// </summary>
public sealed class CdnStatus
{
    private readonly ConcurrentDictionary<CdnLink, byte> _links = new();

    public IReadOnlyList<CdnLink> Forwards => Select("forward");
    public IReadOnlyList<CdnLink> Pulls => Select("pull");

    /// <summary>The links of one stream (both directions), for a per-stream report.</summary>
    public IReadOnlyList<CdnLink> For(StreamKey key) => _links.Keys.Where(l => l.Stream == key).OrderBy(l => l.StartedAt).ToArray();

    internal void Add(CdnLink link) => _links.TryAdd(link, 0);
    internal void Remove(CdnLink link) => _links.TryRemove(link, out _);

    private CdnLink[] Select(string direction) =>
        _links.Keys.Where(l => l.Direction == direction).OrderBy(l => l.Stream.ToString()).ThenBy(l => l.StartedAt).ToArray();
}
