using System.Buffers;
using System.Buffers.Binary;

namespace InteropGateway.Adapters.Rtmp.Protocol;

/// <summary>How the peer should apply a Set Peer Bandwidth window (RTMP spec §5.4.5).</summary>
public enum PeerBandwidthLimitType : byte
{
    Hard = 0,
    Soft = 1,
    Dynamic = 2,
}

/// <summary>
/// Builders and parsers for protocol control messages (types 1, 2, 3, 5, 6). They always travel on
/// chunk stream 2, message stream 0, timestamp 0.
/// </summary>
public static class ProtocolControlMessages
{
    public static void WriteSetChunkSize(ChunkWriter writer, IBufferWriter<byte> output, int chunkSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkSize);
        WriteUInt32Message(writer, output, RtmpMessageType.SetChunkSize, (uint)chunkSize);
    }

    public static void WriteAbort(ChunkWriter writer, IBufferWriter<byte> output, int chunkStreamId) =>
        WriteUInt32Message(writer, output, RtmpMessageType.Abort, (uint)chunkStreamId);

    /// <summary>Acknowledges <paramref name="sequenceNumber"/> bytes received so far (wraps at 2^32).</summary>
    public static void WriteAcknowledgement(ChunkWriter writer, IBufferWriter<byte> output, uint sequenceNumber) =>
        WriteUInt32Message(writer, output, RtmpMessageType.Acknowledgement, sequenceNumber);

    public static void WriteWindowAcknowledgementSize(ChunkWriter writer, IBufferWriter<byte> output, uint windowSize) =>
        WriteUInt32Message(writer, output, RtmpMessageType.WindowAcknowledgementSize, windowSize);

    public static void WriteSetPeerBandwidth(ChunkWriter writer, IBufferWriter<byte> output, uint windowSize, PeerBandwidthLimitType limitType)
    {
        Span<byte> payload = stackalloc byte[5];
        BinaryPrimitives.WriteUInt32BigEndian(payload, windowSize);
        payload[4] = (byte)limitType;
        writer.Write(output, RtmpChunkStreamId.ProtocolControl, RtmpMessageType.SetPeerBandwidth, 0, 0, payload);
    }

    /// <summary>The raw value; pass it to <see cref="ChunkReader.ApplySetChunkSize"/>, which enforces the limits.</summary>
    public static uint ParseSetChunkSize(ReadOnlySpan<byte> payload) => ReadUInt32(payload, "Set Chunk Size");

    public static int ParseAbort(ReadOnlySpan<byte> payload)
    {
        var id = ReadUInt32(payload, "Abort");
        return id <= ChunkReader.MaxChunkStreamId ? (int)id : throw new RtmpProtocolException("abort-bad-chunk-stream", $"Abort names chunk stream {id}");
    }

    public static uint ParseAcknowledgement(ReadOnlySpan<byte> payload) => ReadUInt32(payload, "Acknowledgement");

    public static uint ParseWindowAcknowledgementSize(ReadOnlySpan<byte> payload) => ReadUInt32(payload, "Window Acknowledgement Size");

    public static (uint WindowSize, PeerBandwidthLimitType LimitType) ParseSetPeerBandwidth(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 5)
            throw TooShort("Set Peer Bandwidth", payload.Length);
        return (BinaryPrimitives.ReadUInt32BigEndian(payload), (PeerBandwidthLimitType)payload[4]);
    }

    private static void WriteUInt32Message(ChunkWriter writer, IBufferWriter<byte> output, byte typeId, uint value)
    {
        Span<byte> payload = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(payload, value);
        writer.Write(output, RtmpChunkStreamId.ProtocolControl, typeId, 0, 0, payload);
    }

    private static uint ReadUInt32(ReadOnlySpan<byte> payload, string what) =>
        payload.Length >= 4 ? BinaryPrimitives.ReadUInt32BigEndian(payload) : throw TooShort(what, payload.Length);

    internal static RtmpProtocolException TooShort(string what, int length) =>
        new("control-message-too-short", $"{what} message has {length} bytes");
}
