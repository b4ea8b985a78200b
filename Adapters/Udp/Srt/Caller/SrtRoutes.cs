using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using InteropGateway.Adapters.Udp.Native;
using InteropGateway.Core.Relay;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InteropGateway.Adapters.Udp.Srt.Caller;

/// <summary>
/// The caller routes: those of <c>Gateway:Srt:Routes</c> from the start, plus those added and removed
/// through /api/srt/routes. Each runs as its own task (<see cref="SrtPush"/>, <see cref="SrtPull"/>).
/// </summary>
internal sealed class SrtRoutes(StreamHub hub, SrtPoller poller, IOptions<SrtOptions> options, ILogger<SrtRoutes> logger) : IHostedService
{
    private readonly ConcurrentDictionary<string, SrtRoute> _routes = new();
    private int _nextId;
    private bool _stopped;

    public IEnumerable<SrtRoute> All => _routes.Values.OrderBy(r => r.Id.Length).ThenBy(r => r.Id, StringComparer.Ordinal);

    public SrtRoute? Find(string id) => _routes.GetValueOrDefault(id);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        hub.Published += OnPublished;
        foreach (var configured in options.Value.Routes)
        {
            if (!TryAdd(configured, "config", out var route, out var error))
                logger.LogError("SRT route {Direction} {Stream} {Url} in Gateway:Srt:Routes is ignored: {Error}",
                    configured.Direction, configured.Stream, Redact(configured.Url), error);
        }
        return Task.CompletedTask;
    }

    /// <summary>Validates and starts a route; the error says what is wrong with it.</summary>
    public bool TryAdd(SrtRouteOptions settings, string origin, [NotNullWhen(true)] out SrtRoute? route, [NotNullWhen(false)] out string? error)
    {
        route = null;
        SrtRouteDirection direction;
        switch (settings.Direction?.ToLowerInvariant())
        {
            case "push": direction = SrtRouteDirection.Push; break;
            case "pull": direction = SrtRouteDirection.Pull; break;
            default:
                error = $"direction '{settings.Direction}' is not push or pull";
                return false;
        }
        var parts = (settings.Stream ?? "").Split('/');
        if (parts.Length != 2 || !StreamKey.TryCreate(parts[0], parts[1], out var key, out error))
        {
            error = $"stream '{settings.Stream}' is not app/stream";
            return false;
        }
        if (!SrtUrl.TryParse(settings.Url, out var url, out error))
            return false;
        if (_stopped)
        {
            error = "the gateway is stopping";
            return false;
        }
        route = new SrtRoute("r" + Interlocked.Increment(ref _nextId), origin, direction, key.Value, url);
        _routes[route.Id] = route;
        var caller = new SrtCaller(poller, options.Value);
        route.Running = direction == SrtRouteDirection.Push
            ? Task.Run(new SrtPush(route, caller, hub, options.Value, logger).RunAsync)
            : Task.Run(new SrtPull(route, caller, hub, options.Value, logger).RunAsync);
        logger.LogInformation("SRT route {Id} ({Origin}): {Direction} {Stream} {Url}", route.Id, origin, settings.Direction, key, url);
        return true;
    }

    /// <summary>Stops and forgets a route; false if there is none with that id.</summary>
    public bool Remove(string id)
    {
        if (!_routes.TryRemove(id, out var route))
            return false;
        route.Stop();
        logger.LogInformation("SRT route {Id} removed: {Direction} {Stream} {Url}", id, route.Direction, route.Stream, route.Url);
        return true;
    }

    private void OnPublished(LiveStream stream)
    {
        foreach (var route in _routes.Values)
            if (route.Direction == SrtRouteDirection.Push && route.Stream == stream.Key)
                route.WakeForPublish();
    }

    private static string Redact(string? url) => SrtUrl.TryParse(url, out var parsed, out _) ? parsed.Redacted : "(unparsable URL)";

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopped = true;
        hub.Published -= OnPublished;
        var routes = _routes.Values.ToArray();
        foreach (var route in routes)
            route.Stop();
        await Task.WhenAll(routes.Select(r => r.Running)).WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
