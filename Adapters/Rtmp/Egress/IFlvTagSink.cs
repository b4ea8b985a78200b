namespace InteropGateway.Adapters.Rtmp.Egress;

/// <summary>
/// Where an FLV egress puts its tags: RTMP play writes them as chunked messages, HTTP-FLV as FLV
/// file tags. The body is written straight from the shared frame payload, never concatenated.
/// </summary>
internal interface IFlvTagSink
{
    /// <summary>Serialises writers: hold it around WriteTag and FlushAsync calls.</summary>
    ValueTask AcquireAsync(CancellationToken cancellationToken);
    void Release();

    /// <summary>Writes one tag (type 8 audio, 9 video, 18 data) made of a small header and a body.</summary>
    void WriteTag(byte tagType, uint timestampMs, ReadOnlySpan<byte> header, ReadOnlySpan<byte> body);

    /// <summary>Pushes buffered tags to the network; waits when the peer reads slowly.</summary>
    ValueTask<bool> FlushAsync(CancellationToken cancellationToken);
}
