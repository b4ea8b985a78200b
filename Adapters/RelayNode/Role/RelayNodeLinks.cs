using System.Collections.Concurrent;
using InteropGateway.Core.Relay;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InteropGateway.Adapters.RelayNode.Role;

/// <summary>
/// The relay role's shared state: its settings (read once at start: the upstream connection is
/// built from them), the upstream clients (null when the role is off) and the pushes and pulls
/// running now.
/// </summary>
public sealed class RelayNodeLinks : IDisposable
{
    private readonly ConcurrentDictionary<object, byte> _links = new();

    public RelayNodeLinks(IOptions<RelayNodeOptions> options, ILogger<RelayNodeLinks> logger)
    {
        Options = options.Value;
        if (!Options.IsRelay)
            return;
        Upstream = new UpstreamClients(Options, logger);
        logger.LogInformation("Relay node: upstream {Upstream}{Proxy}, {Connections} HTTP/2 connection(s); pushing {Publish}, pulling {Pull}",
            Upstream.Upstream, string.IsNullOrWhiteSpace(Options.Proxy) ? "" : $" through proxy {Options.Proxy}", Math.Max(1, Options.Connections),
            string.Join(",", RelayNodeOptions.PatternsOrAll(Options.Publish)), string.Join(",", RelayNodeOptions.PatternsOrAll(Options.Pull)));
    }

    public RelayNodeOptions Options { get; }
    internal UpstreamClients? Upstream { get; }

    /// <summary>The pushes and pulls running now, for status (<c>/api/streams</c>) and tests.</summary>
    public IReadOnlyList<RelayLinkStatus> Links =>
    [
        .. _links.Keys.OfType<RelayPush>().Select(p => new RelayLinkStatus("push", p.Key.ToString(), p.Connected, p.Retries, p.LastError)),
        .. _links.Keys.OfType<RelayPull>().Select(p => new RelayLinkStatus("pull", p.Key.ToString(), p.Connected, p.Retries, p.LastError)),
    ];

    /// <summary>The links of one stream (a push, a pull, or none).</summary>
    public IReadOnlyList<RelayLinkStatus> For(StreamKey key) => Links.Where(l => l.Stream == key.ToString()).ToArray();

    internal bool IsPushing(StreamKey key) => _links.Keys.OfType<RelayPush>().Any(p => p.Key == key);
    internal void Add(object link) => _links.TryAdd(link, 0);
    internal void Remove(object link) => _links.TryRemove(link, out _);

    public void Dispose() => Upstream?.Dispose();
}
