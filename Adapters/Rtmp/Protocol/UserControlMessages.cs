using System.Buffers;
using System.Buffers.Binary;

namespace InteropGateway.Adapters.Rtmp.Protocol;

/// <summary>User Control Message event types (RTMP spec §7.1.7).</summary>
public enum UserControlEventType : ushort
{
    StreamBegin = 0,
    StreamEof = 1,
    StreamDry = 2,
    SetBufferLength = 3,
    StreamIsRecorded = 4,
    PingRequest = 6,
    PingResponse = 7,
}

/// <summary>
/// One user control event. <see cref="Value"/> is the message stream id for stream events and the
/// timestamp for pings; <see cref="BufferLengthMs"/> is used by Set Buffer Length only.
/// </summary>
public readonly record struct UserControlEvent(UserControlEventType EventType, uint Value, uint BufferLengthMs = 0)
{
    public static UserControlEvent Parse(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 6)
            throw ProtocolControlMessages.TooShort("User Control", payload.Length);
        var type = (UserControlEventType)BinaryPrimitives.ReadUInt16BigEndian(payload);
        var value = BinaryPrimitives.ReadUInt32BigEndian(payload[2..]);
        if (type != UserControlEventType.SetBufferLength)
            return new UserControlEvent(type, value);
        if (payload.Length < 10)
            throw ProtocolControlMessages.TooShort("Set Buffer Length", payload.Length);
        return new UserControlEvent(type, value, BinaryPrimitives.ReadUInt32BigEndian(payload[6..]));
    }
}

/// <summary>Builders for user control messages (type 4, chunk stream 2, message stream 0).</summary>
public static class UserControlMessages
{
    /// <summary>Parses a type 4 payload; see <see cref="UserControlEvent.Parse"/>.</summary>
    public static UserControlEvent Parse(ReadOnlySpan<byte> payload) => UserControlEvent.Parse(payload);

    public static void WriteStreamBegin(ChunkWriter writer, IBufferWriter<byte> output, uint streamId) =>
        Write(writer, output, new UserControlEvent(UserControlEventType.StreamBegin, streamId));

    public static void WriteStreamEof(ChunkWriter writer, IBufferWriter<byte> output, uint streamId) =>
        Write(writer, output, new UserControlEvent(UserControlEventType.StreamEof, streamId));

    public static void WriteStreamDry(ChunkWriter writer, IBufferWriter<byte> output, uint streamId) =>
        Write(writer, output, new UserControlEvent(UserControlEventType.StreamDry, streamId));

    public static void WriteSetBufferLength(ChunkWriter writer, IBufferWriter<byte> output, uint streamId, uint bufferLengthMs) =>
        Write(writer, output, new UserControlEvent(UserControlEventType.SetBufferLength, streamId, bufferLengthMs));

    public static void WritePingRequest(ChunkWriter writer, IBufferWriter<byte> output, uint timestamp) =>
        Write(writer, output, new UserControlEvent(UserControlEventType.PingRequest, timestamp));

    public static void WritePingResponse(ChunkWriter writer, IBufferWriter<byte> output, uint timestamp) =>
        Write(writer, output, new UserControlEvent(UserControlEventType.PingResponse, timestamp));

    public static void Write(ChunkWriter writer, IBufferWriter<byte> output, UserControlEvent controlEvent)
    {
        Span<byte> payload = stackalloc byte[10];
        BinaryPrimitives.WriteUInt16BigEndian(payload, (ushort)controlEvent.EventType);
        BinaryPrimitives.WriteUInt32BigEndian(payload[2..], controlEvent.Value);
        var length = 6;
        if (controlEvent.EventType == UserControlEventType.SetBufferLength)
        {
            BinaryPrimitives.WriteUInt32BigEndian(payload[6..], controlEvent.BufferLengthMs);
            length = 10;
        }
        writer.Write(output, RtmpChunkStreamId.ProtocolControl, RtmpMessageType.UserControl, 0, 0, payload[..length]);
    }
}
