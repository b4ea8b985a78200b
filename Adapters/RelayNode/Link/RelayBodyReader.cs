using System.Buffers;
using System.IO.Pipelines;
using InteropGateway.Adapters.RelayNode.Wire;
using InteropGateway.Core.Relay;

namespace InteropGateway.Adapters.RelayNode.Link;

/// <summary>
/// The receiving end of a relay body (the upstream's push endpoint, the relay's pull): the Hello
/// first, so the publication can be claimed with the source's protocol, then every frame into the
/// publication until the body ends. Wire errors throw <see cref="RelayWireException"/>.
/// </summary>
internal sealed class RelayBodyReader(PipeReader body, RelayWireLimits limits)
{
    private readonly RelayWireReader _wire = new(limits);

    public long Frames { get; private set; }
    public long Bytes { get; private set; }

    /// <summary>The source protocol the sender announced; throws if the body ends or breaks first.</summary>
    public async Task<string> ReadHelloAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await body.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (TryTakeHello(read, out var protocol))
                return protocol;
        }
    }

    private bool TryTakeHello(ReadResult read, out string protocol)
    {
        var reader = new SequenceReader<byte>(read.Buffer);
        if (_wire.TryRead(ref reader, out var record))
        {
            body.AdvanceTo(reader.Position);
            protocol = record.Protocol!; // the reader refuses anything but a Hello first
            return true;
        }
        body.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        if (read.IsCompleted || read.IsCanceled)
            throw new RelayWireException(RelayWireError.Truncated, "the body ended before its Hello");
        protocol = "";
        return false;
    }

    /// <summary>Publishes every frame until the body ends; returns why it ended.</summary>
    public async Task<string> PumpAsync(Publication publication, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await body.ReadAsync(cancellationToken).ConfigureAwait(false);
            var ended = Consume(read, publication);
            if (ended is not null)
                return ended;
        }
    }

    /// <summary>Publishes the complete records of one read; returns the end reason once the body is over.</summary>
    private string? Consume(ReadResult read, Publication publication)
    {
        var reader = new SequenceReader<byte>(read.Buffer);
        string? endReason = null;
        try
        {
            while (endReason is null && _wire.TryRead(ref reader, out var record))
            {
                switch (record.Type)
                {
                    case RelayRecordType.Frame:
                        Frames++;
                        Bytes += record.Frame!.Length;
                        publication.Publish(record.Frame);
                        break;
                    case RelayRecordType.End:
                        endReason = $"sender ended: {record.Reason}";
                        break;
                }
            }
            if (endReason is null && read.IsCompleted)
            {
                RelayWireReader.ThrowIfTruncated(reader.Remaining);
                endReason = "sender closed the body";
            }
        }
        finally
        {
            body.AdvanceTo(reader.Position, read.Buffer.End);
        }
        return endReason;
    }
}
