using System.Buffers;
using Microsoft.AspNetCore.Connections;

namespace InteropGateway.Core.Hosting;

/// <summary>
/// A TCP protocol that shares the single multiplexed port (<c>Gateway:Tls:Port</c>, 8443 by default,
/// 443 in production) with HTTPS. The port reads the first bytes of each connection, plain or
/// decrypted from TLS, and hands the connection to the first protocol whose probe matches; anything
/// no protocol claims is HTTP. An adapter registers its protocol as a service from its one
/// registration method.
/// </summary>
public interface IMultiplexedProtocol
{
    /// <summary>Short name for logs and counters: "rtmp", "ice-tcp".</summary>
    string Name { get; }

    /// <summary>
    /// Whether <paramref name="firstBytes"/> (everything received so far, at least one byte) start
    /// this protocol. Must decide from at most <see cref="ProbeLimits.MaxProbeBytes"/> bytes.
    /// </summary>
    ProbeResult Probe(ReadOnlySequence<byte> firstBytes);

    /// <summary>
    /// Serves the connection until it ends. The probed bytes are still unread in
    /// <c>connection.Transport.Input</c>; the transport is TLS-decrypted when the client came in over TLS
    /// (<c>connection.Features.Get&lt;ITlsConnectionFeature&gt;()</c> is then set).
    /// </summary>
    Task ServeAsync(ConnectionContext connection);
}

public enum ProbeResult
{
    NoMatch,
    Match,
    NeedMoreData,
}

public static class ProbeLimits
{
    /// <summary>No protocol may need more than this many first bytes to recognise itself.</summary>
    public const int MaxProbeBytes = 64;
}
