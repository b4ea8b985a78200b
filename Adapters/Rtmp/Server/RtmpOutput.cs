using System.IO.Pipelines;
using InteropGateway.Adapters.Rtmp.Egress;
using InteropGateway.Adapters.Rtmp.Protocol;

namespace InteropGateway.Adapters.Rtmp.Server;

/// <summary>
/// The outbound side of one RTMP connection. Command replies (from the read loop) and media (from
/// the play pump) come from different tasks; a PipeWriter allows one writer at a time, so every
/// write-and-flush happens while holding <see cref="AcquireAsync"/>.
/// </summary>
internal sealed class RtmpOutput(PipeWriter pipe) : IFlvTagSink
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public ChunkWriter Chunks { get; } = new();
    public PipeWriter Pipe => pipe;
    /// <summary>Message stream id media goes out on (the one createStream handed out).</summary>
    public uint MediaStreamId { get; set; } = 1;

    public async ValueTask AcquireAsync(CancellationToken cancellationToken) =>
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);

    public void Release() => _gate.Release();

    public void WriteTag(byte tagType, uint timestampMs, ReadOnlySpan<byte> header, ReadOnlySpan<byte> body)
    {
        var chunkStream = tagType switch
        {
            RtmpMessageType.Audio => RtmpChunkStreamId.Audio,
            RtmpMessageType.Video => RtmpChunkStreamId.Video,
            _ => RtmpChunkStreamId.Data,
        };
        Chunks.Write(pipe, chunkStream, tagType, timestampMs, MediaStreamId, header, body);
    }

    public async ValueTask<bool> FlushAsync(CancellationToken cancellationToken)
    {
        var result = await pipe.FlushAsync(cancellationToken).ConfigureAwait(false);
        return !result.IsCompleted && !result.IsCanceled;
    }

    /// <summary>Writes whatever <paramref name="write"/> puts into the chunk stream, then flushes, under the gate.</summary>
    public async ValueTask SendAsync<TState>(TState state, Action<RtmpOutput, TState> write, CancellationToken cancellationToken)
    {
        await AcquireAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            write(this, state);
            await pipe.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Release();
        }
    }
}
