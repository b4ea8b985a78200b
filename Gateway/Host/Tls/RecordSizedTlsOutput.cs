using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace InteropGateway.Host.Tls;

/// <summary>
/// Gives everything served inside TLS (HTTPS and WSS, RTMPS, ICE-TCP) an output whose buffers hold a
/// whole TLS record. Kestrel's TLS output writes each 4 KiB pool block to the SslStream on its own,
/// which makes one TLS record and one send per 4 KiB; at media rates that per-record work, not the
/// cipher, is most of what TLS costs (tests/Bench, tls mode). Kestrel's HTTP layers write and flush
/// one at a time per connection, as a PipeWriter requires.
/// </summary>
internal static class RecordSizedTlsOutput
{
    /// <summary>The largest TLS plaintext record (RFC 8446 §5.1).</summary>
    private const int RecordPayloadBytes = 16 * 1024;

    /// <returns>The new output, to complete when the protocol is done; null when the connection has no TLS.</returns>
    public static PipeWriter? Install(ConnectionContext connection)
    {
        var tls = connection.Features.Get<ISslStreamFeature>()?.SslStream;
        if (tls is null)
            return null;
        var output = PipeWriter.Create(tls, new StreamPipeWriterOptions(minimumBufferSize: RecordPayloadBytes, leaveOpen: true));
        connection.Transport = new DuplexPipe(connection.Transport.Input, output);
        return output;
    }

    private sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;
}
