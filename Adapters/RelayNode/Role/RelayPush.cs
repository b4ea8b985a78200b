using System.Net;
using InteropGateway.Adapters.RelayNode.Link;
using InteropGateway.Core.Relay;
using InteropGateway.Matrix;
using Microsoft.Extensions.Logging;

namespace InteropGateway.Adapters.RelayNode.Role;

/// <summary>
/// Pushes one locally published stream to the upstream (<c>POST /relay/publish/{app}/{stream}</c>)
/// until it ends here. A refusal or a lost link is logged with the reason and retried with backoff
/// while the stream is live; each attempt takes a fresh subscription, so the upstream (re)starts on
/// a keyframe and continues its stream with rebased timestamps.
/// </summary>
internal sealed class RelayPush(StreamKey key, StreamHub hub, UpstreamClients upstream, RelayNodeOptions options, ILogger logger)
    : LivePush(key, hub, new ReconnectBackoff(options.ReconnectMinDelay, options.ReconnectMaxDelay), logger)
{
    /// <summary>How long the upstream may take to say why it ended a push before we stop listening.</summary>
    private static readonly TimeSpan ReasonWait = TimeSpan.FromSeconds(2);

    public int Retries { get; private set; }
    public string? LastError { get; private set; }
    public bool Connected { get; private set; }
    protected override string Name => "Relay push";
    protected override string Target => upstream.Upstream.ToString();
    protected override string ClosedWithoutReason => "the upstream closed the push";

    protected override string? DescribeFailure(Exception ex) =>
        ex is HttpRequestException or IOException or OperationCanceledException or TimeoutException or RelayPushRefusedException
            ? RelayFailure.Describe(ex) : null;

    protected override int CountFailure(string failure)
    {
        LastError = failure;
        return ++Retries;
    }

    protected override void OnAttemptOver() => Connected = false;

    /// <summary>One push request: returns why the push is over, or null / throws when it should be retried.</summary>
    protected override async Task<string?> PushOnceAsync(LiveStream stream, ReconnectBackoff backoff, CancellationToken stopping)
    {
        var sourceProtocol = stream.Publisher?.Protocol ?? Protocols.Rtmp;
        // One token for the whole request: HTTP/2 ties the request body and the response to it, so it
        // is cancelled only when this attempt is over, never by the answer timeout.
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var accepted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var content = new RelayPushContent(Hub, Key, sourceProtocol, accepted.Task);
        using var request = upstream.Request(HttpMethod.Post, "publish", Key);
        request.Content = content;
        try
        {
            var client = upstream.For(Key);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Token)
                .WaitAsync(options.ConnectTimeout, stopping).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
                throw new RelayPushRefusedException($"upstream refused with {(int)response.StatusCode} {response.ReasonPhrase}: {await ReadReasonAsync(response, attempt.Token).ConfigureAwait(false)}");
            accepted.SetResult();
            backoff.Reset();
            Connected = true;
            Logger.LogInformation("Relay push of {Stream} connected to {Upstream} over HTTP/{Version} (source {Protocol})",
                Key, upstream.Upstream, response.Version, sourceProtocol);
            var upstreamEnded = ReadReasonAsync(response, attempt.Token);
            var first = await Task.WhenAny(content.Outcome, upstreamEnded).ConfigureAwait(false);
            if (first == upstreamEnded)
                throw new IOException($"the upstream ended the push: {await upstreamEnded.ConfigureAwait(false)}");
            if (!content.Outcome.IsCompletedSuccessfully)
                throw new IOException(await WhyTheBodyBrokeAsync(content.Outcome, upstreamEnded, stopping).ConfigureAwait(false));
            var outcome = content.Outcome.Result;
            if (!outcome.Ended)
                throw new IOException($"push fell behind: {outcome.Reason}");
            // Let the upstream read the End record and answer, so it ends its publication with our reason.
            try { await upstreamEnded.WaitAsync(ReasonWait, stopping).ConfigureAwait(false); }
            catch (Exception ex) when (ex is TimeoutException or IOException or HttpRequestException or OperationCanceledException) { }
            return outcome.Reason;
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"no answer from the upstream within {options.ConnectTimeout.TotalSeconds:F0} s");
        }
        finally
        {
            accepted.TrySetCanceled();
            attempt.Cancel();
        }
    }

    /// <summary>
    /// The request body failed; HttpClient often reports only "canceled" there, while the response
    /// side knows why (the upstream ended the push with a reason, closed the connection, reset the stream).
    /// </summary>
    private static async Task<string> WhyTheBodyBrokeAsync(Task<RelayPushOutcome> body, Task<string> upstreamEnded, CancellationToken stopping)
    {
        try
        {
            return $"the upstream ended the push: {await upstreamEnded.WaitAsync(ReasonWait, stopping).ConfigureAwait(false)}";
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            return RelayFailure.Describe(ex);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            return body.Exception is { } failure ? RelayFailure.Describe(failure.GetBaseException()) : "the push body was cancelled";
        }
    }

    private static async Task<string> ReadReasonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        text = text.Trim();
        return text.Length == 0 ? "(no reason given)" : text.Length > 300 ? text[..300] : text;
    }
}

internal sealed class RelayPushRefusedException(string message) : Exception(message);
