using System.IO.Pipelines;
using System.Net;
using InteropGateway.Adapters.RelayNode.Link;
using InteropGateway.Adapters.RelayNode.Wire;
using InteropGateway.Core.Relay;
using InteropGateway.Core.Sessions;
using InteropGateway.Matrix;
using Microsoft.Extensions.Logging;

namespace InteropGateway.Adapters.RelayNode.Role;

/// <summary>
/// Plays one stream from the upstream (<c>GET /relay/play/{app}/{stream}</c>) and publishes it here
/// under the same key for all its local players, in whatever protocol they use. Runs until
/// <see cref="Stop"/> (no players left); a refusal or a lost link is retried with backoff, and each
/// upstream response is a new publisher, so the core rebases its timestamps and the local players
/// keep decoding across an upstream restart.
/// </summary>
internal sealed class RelayPull(StreamKey key, StreamHub hub, UpstreamClients upstream, RelayNodeOptions options, ILogger logger)
{
    /// <summary>
    /// Beyond connecting, the upstream may hold the answer for its play wait (nobody publishes the
    /// stream there yet) before it says 404.
    /// </summary>
    private static readonly TimeSpan UpstreamPlayWaitAllowance = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource _stop = new();
    private string? _stopReason;
    private Publication? _publication;
    private bool _publishedHereByOthers;

    public StreamKey Key => key;
    public int Retries { get; private set; }
    public string? LastError { get; private set; }
    public bool Connected => Volatile.Read(ref _publication) is not null;
    /// <summary>Since when the stream has had no players (null while it has some); kept by the puller's sweep.</summary>
    public DateTimeOffset? IdleSince { get; set; }

    public void Stop(string reason)
    {
        Interlocked.CompareExchange(ref _stopReason, reason, null);
        _stop.Cancel();
    }

    public async Task RunAsync(CancellationToken shutdown)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(shutdown, _stop.Token);
        var backoff = new ReconnectBackoff(options.ReconnectMinDelay, options.ReconnectMaxDelay);
        logger.LogInformation("Relay pull of {Stream} from {Upstream} started for its players", key, upstream.Upstream);
        while (!stopping.IsCancellationRequested)
        {
            string failure;
            try
            {
                failure = await PullOnceAsync(backoff, stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException or TimeoutException or RelayWireException)
            {
                failure = RelayFailure.Describe(ex);
            }
            EndPublication(failure);
            if (stopping.IsCancellationRequested || _publishedHereByOthers)
                break;
            Retries++;
            LastError = failure;
            var delay = backoff.Next();
            logger.LogWarning("Relay pull of {Stream} from {Upstream} failed: {Reason}; retry {Retry} in {Delay} s",
                key, upstream.Upstream, failure, Retries, delay.TotalSeconds);
            try { await Task.Delay(delay, stopping.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { break; }
        }
        var reason = _stopReason ?? (shutdown.IsCancellationRequested ? "gateway stopping" : "stream is published here");
        EndPublication(reason);
        logger.LogInformation("Relay pull of {Stream} from {Upstream} stopped: {Reason}", key, upstream.Upstream, reason);
    }

    /// <summary>One upstream request; returns why it ended.</summary>
    private async Task<string> PullOnceAsync(ReconnectBackoff backoff, CancellationToken stopping)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        try
        {
            using var request = upstream.Request(HttpMethod.Get, "play", key);
            using var response = await upstream.For(key).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Token)
                .WaitAsync(options.ConnectTimeout + UpstreamPlayWaitAllowance, stopping).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                var why = (await response.Content.ReadAsStringAsync(attempt.Token).ConfigureAwait(false)).Trim();
                return $"upstream answered {(int)response.StatusCode} {response.ReasonPhrase}: {(why.Length > 300 ? why[..300] : why)}";
            }
            var body = new RelayBodyReader(PipeReader.Create(await response.Content.ReadAsStreamAsync(attempt.Token).ConfigureAwait(false)), RelayWireLimits.Default);
            var protocol = await body.ReadHelloAsync(attempt.Token).ConfigureAwait(false);
            if (!Protocols.IsKnown(protocol))
                throw new RelayWireException(RelayWireError.MalformedRecord, $"unknown source protocol '{protocol}'");
            var info = new SessionInfo(protocol, null, SessionInfo.NewId()) { Transport = RelayTransports.Pull };
            if (!hub.TryPublish(key, info, out var publication, out var error))
            {
                // Someone publishes this key here now: the pull is not needed.
                _publishedHereByOthers = true;
                return $"not needed: {error}";
            }
            _publication = publication;
            backoff.Reset();
            logger.LogInformation("Relay pull {Session} of {Stream} connected to {Upstream} over HTTP/{Version} (source {Protocol})",
                info, key, upstream.Upstream, response.Version, protocol);
            using var revoked = CancellationTokenSource.CreateLinkedTokenSource(attempt.Token, publication.Revoked);
            try
            {
                return await body.PumpAsync(publication, revoked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (publication.Revoked.IsCancellationRequested)
            {
                _publishedHereByOthers = true;
                return $"not needed: {publication.EndReason}";
            }
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"no answer from the upstream within {(options.ConnectTimeout + UpstreamPlayWaitAllowance).TotalSeconds:F0} s");
        }
        finally
        {
            attempt.Cancel();
        }
    }

    private void EndPublication(string reason) => Interlocked.Exchange(ref _publication, null)?.End(reason);
}
