using System.IO.Pipelines;
using InteropGateway.Core.Hosting;
using Microsoft.AspNetCore.Connections;

namespace InteropGateway.Tests.WebRtc;

/// <summary>
/// What the multiplexed port does with a connection, reduced to the contract of <see cref="IMultiplexedProtocol"/>:
/// read first bytes until the protocol's probe decides, leave them unread, and hand the connection over.
/// After a match the probed bytes are left neither consumed nor examined, so the protocol's first read
/// returns them at once (marked examined, that read would wait for bytes an ICE-TCP client never sends
/// before it is answered).
/// </summary>
internal static class MultiplexerStandIn
{
    public static async Task<Task> ProbeThenServeAsync(IMultiplexedProtocol protocol, ConnectionContext connection, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var input = connection.Transport.Input;
        for (var reads = 0; reads < ProbeLimits.MaxProbeBytes; reads++)
        {
            var result = await input.ReadAsync(deadline.Token);
            var probed = result.Buffer.Slice(0, Math.Min(result.Buffer.Length, ProbeLimits.MaxProbeBytes));
            var decision = protocol.Probe(probed);
            if (decision == ProbeResult.Match)
            {
                input.AdvanceTo(result.Buffer.Start);
                return protocol.ServeAsync(connection);
            }
            input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            if (decision == ProbeResult.NoMatch || result.IsCompleted || result.Buffer.Length >= ProbeLimits.MaxProbeBytes)
                throw new InvalidOperationException($"{protocol.Name} did not match: {decision}");
        }
        throw new InvalidOperationException($"{protocol.Name} did not decide within {ProbeLimits.MaxProbeBytes} reads");
    }
}

/// <summary>The two pipe ends a server sees as one connection.</summary>
internal sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
{
    public PipeReader Input { get; } = input;

    public PipeWriter Output { get; } = output;
}
