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
/// for all its local players, in whatever protocol they use; a refusal or a lost link is retried,
/// and each upstream response is a new publisher (see <see cref="DemandedPull"/>).
/// </summary>
internal sealed class RelayPull(StreamKey key, StreamHub hub, UpstreamClients upstream, RelayNodeOptions options, ILogger logger)
    : DemandedPull(key, hub, new ReconnectBackoff(options.ReconnectMinDelay, options.ReconnectMaxDelay), logger)
{
    /// <summary>
    /// Beyond connecting, the upstream may hold the answer for its play wait (nobody publishes the
    /// stream there yet) before it says 404.
    /// </summary>
    private static readonly TimeSpan UpstreamPlayWaitAllowance = TimeSpan.FromSeconds(30);

    public override string Name => "Relay pull";
    protected override string Source => upstream.Upstream.ToString();
    public int Retries { get; private set; }
    public string? LastError { get; private set; }

    protected override string? DescribeFailure(Exception ex) =>
        ex is HttpRequestException or IOException or OperationCanceledException or TimeoutException or RelayWireException ? RelayFailure.Describe(ex) : null;

    protected override int CountFailure(string failure)
    {
        LastError = failure;
        return ++Retries;
    }

    /// <summary>One upstream request; returns why it ended.</summary>
    protected override async Task<string> PullOnceAsync(ReconnectBackoff backoff, CancellationToken stopping)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        try
        {
            using var request = upstream.Request(HttpMethod.Get, "play", Key);
            using var response = await upstream.For(Key).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Token)
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
            if (!TryPublishHere(info, out var publication, out var notNeeded))
                return notNeeded;
            backoff.Reset();
            Logger.LogInformation("Relay pull {Session} of {Stream} connected to {Upstream} over HTTP/{Version} (source {Protocol})",
                info, Key, upstream.Upstream, response.Version, protocol);
            using var revoked = CancellationTokenSource.CreateLinkedTokenSource(attempt.Token, publication.Revoked);
            try
            {
                return await body.PumpAsync(publication, revoked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (publication.Revoked.IsCancellationRequested)
            {
                return NotNeeded(publication.EndReason);
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
}
