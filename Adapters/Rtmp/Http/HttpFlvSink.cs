using System.IO.Pipelines;
using InteropGateway.Adapters.Rtmp.Egress;
using InteropGateway.Adapters.Rtmp.Flv;

namespace InteropGateway.Adapters.Rtmp.Http;

/// <summary>FLV file tags written to an HTTP response body. One writer only, so the gate is a no-op.</summary>
internal sealed class HttpFlvSink(PipeWriter body) : IFlvTagSink
{
    public ValueTask AcquireAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
    public void Release() { }

    public void WriteFileHeader(bool hasAudio, bool hasVideo) => FlvFileWriter.WriteFileHeader(body, hasAudio, hasVideo);

    public void WriteTag(byte tagType, uint timestampMs, ReadOnlySpan<byte> header, ReadOnlySpan<byte> payload) =>
        FlvFileWriter.WriteTag(body, tagType, timestampMs, header, payload);

    public async ValueTask<bool> FlushAsync(CancellationToken cancellationToken)
    {
        var result = await body.FlushAsync(cancellationToken).ConfigureAwait(false);
        return !result.IsCompleted && !result.IsCanceled;
    }
}
