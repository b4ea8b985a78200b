using System.Buffers;
using System.IO.Pipelines;
using InteropGateway.Core.Hosting;

namespace InteropGateway.Host.Tls;

/// <summary>
/// Reads a connection's first bytes without consuming them, until a classifier decides, the probe limit
/// is reached, the peer stops sending or the time runs out. The next reader of the pipe sees every byte.
/// </summary>
internal static class FirstBytesSniffer
{
    public enum Outcome { Decided, Undecided, Closed, TimedOut }

    /// <param name="classify">Returns a decision, or null to ask for more bytes.</param>
    public static async Task<(Outcome Outcome, T? Decision, byte[] FirstBytes)> SniffAsync<T>(
        PipeReader input, Func<ReadOnlySequence<byte>, T?> classify, TimeSpan timeout, CancellationToken aborted)
        where T : class
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        deadline.CancelAfter(timeout);
        while (true)
        {
            ReadResult result;
            try
            {
                result = await input.ReadAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                return (aborted.IsCancellationRequested ? Outcome.Closed : Outcome.TimedOut, null, []);
            }
            var buffer = result.Buffer;
            var decision = buffer.IsEmpty ? null : classify(buffer);
            var seen = Head(buffer);
            if (decision is not null)
            {
                input.AdvanceTo(buffer.Start); // nothing consumed or examined: the protocol reads it all again
                return (Outcome.Decided, decision, seen);
            }
            if (result.IsCompleted || result.IsCanceled)
            {
                input.AdvanceTo(buffer.Start);
                return (buffer.IsEmpty ? Outcome.Closed : Outcome.Undecided, null, seen);
            }
            if (buffer.Length >= ProbeLimits.MaxProbeBytes)
            {
                input.AdvanceTo(buffer.Start);
                return (Outcome.Undecided, null, seen);
            }
            input.AdvanceTo(buffer.Start, buffer.End); // wait for more
        }
    }

    /// <summary>The first few bytes, for a log line that says what arrived.</summary>
    private static byte[] Head(ReadOnlySequence<byte> buffer) => buffer.Slice(0, Math.Min(buffer.Length, 16)).ToArray();
}
