using System.Buffers;

namespace InteropGateway.Adapters.Rtmp.Protocol;

/// <summary>
/// What one inbound chunk stream remembers between chunks: the last header fields (later chunk
/// formats omit them) and the message being reassembled.
/// </summary>
internal sealed class ChunkStreamState
{
    /// <summary>Absolute timestamp of the current/last message.</summary>
    public uint Timestamp;
    /// <summary>
    /// The timestamp field of the last header that had one, re-applied by a fmt 3 chunk that starts
    /// a new message. After fmt 0 this is the absolute value: that is what ffmpeg's writer assumes
    /// when it picks fmt 3 for a message whose delta equals the previous field.
    /// </summary>
    public uint TimestampField;
    /// <summary>The last header carried an extended timestamp, so fmt 3 chunks repeat it.</summary>
    public bool HasExtendedTimestamp;
    /// <summary>The last extended timestamp value, to recognise its repetition on continuation chunks.</summary>
    public uint ExtendedTimestampValue;
    public int MessageLength;
    public byte TypeId;
    public uint StreamId;

    public byte[]? Buffer;
    public int BytesReceived;
    public bool MessageInProgress;

    /// <summary>
    /// Appends chunk data, growing the buffer with the bytes that actually arrived rather than the
    /// claimed length, so idle chunk streams claiming large messages cost little memory.
    /// </summary>
    public void Append(in ReadOnlySequence<byte> data)
    {
        var needed = BytesReceived + (int)data.Length;
        if (Buffer is null || Buffer.Length < needed)
        {
            var capacity = Math.Min(MessageLength, Math.Max(needed, (Buffer?.Length ?? 0) * 2));
            var grown = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 1));
            if (Buffer is not null)
            {
                Buffer.AsSpan(0, BytesReceived).CopyTo(grown);
                ArrayPool<byte>.Shared.Return(Buffer);
            }
            Buffer = grown;
        }
        data.CopyTo(Buffer.AsSpan(BytesReceived));
        BytesReceived = needed;
    }

    /// <summary>Hands the buffer over to a message (which returns it to the pool) and resets.</summary>
    public byte[] TakeBuffer()
    {
        var buffer = Buffer ?? [];
        Buffer = null;
        BytesReceived = 0;
        MessageInProgress = false;
        return buffer;
    }

    public void DiscardMessage()
    {
        if (Buffer is not null)
            ArrayPool<byte>.Shared.Return(Buffer);
        Buffer = null;
        BytesReceived = 0;
        MessageInProgress = false;
    }
}
