using System.Buffers;
using System.Buffers.Binary;

namespace InteropGateway.Adapters.Rtmp.Protocol;

/// <summary>
/// Inbound RTMP chunk stream (RTMP 1.0 spec §5.3): decodes chunk headers of all four formats and
/// reassembles interleaved messages. One instance per connection; not thread safe.
/// A chunk is consumed only when complete: on an incomplete chunk the reader is left where that
/// chunk begins, so the caller can AdvanceTo(consumed: reader.Position, examined: end).
/// </summary>
public sealed class ChunkReader : IDisposable
{
    public const int DefaultChunkSize = 128;
    public const int MaxChunkStreamId = 65599;
    private const uint ExtendedTimestampMarker = 0xFFFFFF;

    private readonly RtmpLimits _limits;
    private readonly Dictionary<int, ChunkStreamState> _streams = new();
    private int _chunkSize = DefaultChunkSize;

    public ChunkReader(RtmpLimits? limits = null)
    {
        _limits = limits ?? RtmpLimits.Default;
    }

    /// <summary>The peer's outbound chunk size; the session sets it from the peer's Set Chunk Size.</summary>
    public int ChunkSize
    {
        get => _chunkSize;
        set => ApplySetChunkSize(unchecked((uint)value));
    }

    /// <summary>Applies a Set Chunk Size value as received, rejecting the top bit and anything above the limit.</summary>
    public void ApplySetChunkSize(uint chunkSize)
    {
        if ((chunkSize & 0x8000_0000) != 0)
            throw new RtmpProtocolException("chunk-size-top-bit", $"Set Chunk Size 0x{chunkSize:X8} has the reserved top bit set");
        if (chunkSize == 0 || chunkSize > _limits.MaxChunkSize)
            throw new RtmpProtocolException("chunk-size-out-of-range", $"Set Chunk Size {chunkSize} outside 1..{_limits.MaxChunkSize}");
        _chunkSize = (int)chunkSize;
    }

    /// <summary>Handles an Abort Message: drops the partial message on that chunk stream.</summary>
    public void Abort(int chunkStreamId)
    {
        if (_streams.TryGetValue(chunkStreamId, out var state))
            state.DiscardMessage();
    }

    /// <summary>
    /// Reassembles every complete message in <paramref name="buffer"/> into <paramref name="batch"/>
    /// and returns how far it read. Set Chunk Size and Abort are applied here, at once, because the
    /// very next chunk is framed by them; they are not added to the batch.
    /// </summary>
    public SequencePosition ReadAll(ReadOnlySequence<byte> buffer, List<RtmpMessage> batch)
    {
        var reader = new SequenceReader<byte>(buffer);
        while (TryRead(ref reader, out var message))
        {
            switch (message.TypeId)
            {
                case RtmpMessageType.SetChunkSize:
                    ApplySetChunkSize(ProtocolControlMessages.ParseSetChunkSize(message.Span));
                    message.Dispose();
                    break;
                case RtmpMessageType.Abort:
                    Abort(ProtocolControlMessages.ParseAbort(message.Span));
                    message.Dispose();
                    break;
                default:
                    batch.Add(message);
                    break;
            }
        }
        return reader.Position;
    }

    /// <summary>
    /// Reads chunks until one message is complete (true) or the buffered bytes run out (false).
    /// The returned message owns a pooled buffer: dispose it.
    /// </summary>
    public bool TryRead(ref SequenceReader<byte> reader, out RtmpMessage message)
    {
        // Every iteration consumes one complete chunk (at least one byte) or returns, so this ends.
        while (true)
        {
            var chunkStart = reader;
            if (!TryReadChunk(ref reader, out var completed))
            {
                reader = chunkStart;
                message = null!;
                return false;
            }
            if (completed is not null)
            {
                message = completed;
                return true;
            }
        }
    }

    private bool TryReadChunk(ref SequenceReader<byte> reader, out RtmpMessage? completed)
    {
        completed = null;
        if (!TryReadBasicHeader(ref reader, out var format, out var chunkStreamId))
            return false;

        var known = _streams.TryGetValue(chunkStreamId, out var state);
        if (!known)
        {
            // fmt 2 and 3 inherit the message length, which this chunk stream never stated.
            if (format >= 2)
                throw new RtmpProtocolException("chunk-stream-without-header", $"fmt {format} chunk on chunk stream {chunkStreamId} that has no previous header");
            if (_streams.Count >= _limits.MaxChunkStreams)
                throw new RtmpProtocolException("too-many-chunk-streams", $"more than {_limits.MaxChunkStreams} chunk streams");
            state = new ChunkStreamState();
        }

        var startsMessage = !state!.MessageInProgress;
        if (format != 3 && !startsMessage)
            throw new RtmpProtocolException("header-mid-message", $"fmt {format} chunk on chunk stream {chunkStreamId} before the previous message was complete");

        uint timestampField = state.TimestampField;
        var messageLength = state.MessageLength;
        var typeId = state.TypeId;
        var streamId = state.StreamId;
        if (format <= 2)
        {
            var headerLength = format switch { 0 => 11, 1 => 7, _ => 3 };
            if (reader.Remaining < headerLength)
                return false;
            Span<byte> header = stackalloc byte[11];
            reader.TryCopyTo(header[..headerLength]);
            reader.Advance(headerLength);
            timestampField = ReadUInt24(header);
            if (format <= 1)
            {
                messageLength = (int)ReadUInt24(header[3..]);
                typeId = header[6];
            }
            if (format == 0)
                streamId = BinaryPrimitives.ReadUInt32LittleEndian(header[7..]); // the one little-endian field in RTMP
        }

        var extended = format <= 2 ? timestampField == ExtendedTimestampMarker : state.HasExtendedTimestamp;
        var timestampValue = timestampField;
        if (extended)
        {
            if (!reader.TryReadBigEndian(out int extendedValue))
                return false;
            timestampValue = unchecked((uint)extendedValue);
            // Continuation chunks must repeat the extended field, but some encoders omit it; keep
            // the 4 bytes only if they repeat the value, else they are payload.
            if (!startsMessage && timestampValue != state.ExtendedTimestampValue)
                reader.Rewind(4);
        }

        if (startsMessage && messageLength > _limits.MaxMessageSize)
            throw new RtmpProtocolException("message-too-large", $"message of {messageLength} bytes exceeds {_limits.MaxMessageSize}");

        var received = startsMessage ? 0 : state.BytesReceived;
        var dataLength = Math.Min(_chunkSize, messageLength - received);
        if (reader.Remaining < dataLength)
            return false;

        // The chunk is complete: commit the header state.
        if (!known)
            _streams.Add(chunkStreamId, state);
        if (startsMessage)
        {
            state.Timestamp = format == 0 ? timestampValue : unchecked(state.Timestamp + timestampValue);
            if (format != 3)
                state.TimestampField = timestampField;
            state.HasExtendedTimestamp = extended;
            if (extended)
                state.ExtendedTimestampValue = timestampValue;
            state.MessageLength = messageLength;
            state.TypeId = typeId;
            state.StreamId = streamId;
            state.MessageInProgress = true;
        }

        if (dataLength > 0)
        {
            state.Append(reader.UnreadSequence.Slice(0, dataLength));
            reader.Advance(dataLength);
        }

        if (state.BytesReceived == messageLength)
            completed = RtmpMessage.Rent(typeId, state.Timestamp, streamId, state.TakeBuffer(), messageLength);
        return true;
    }

    private static bool TryReadBasicHeader(ref SequenceReader<byte> reader, out int format, out int chunkStreamId)
    {
        chunkStreamId = 0;
        if (!reader.TryRead(out var first))
        {
            format = 0;
            return false;
        }
        format = first >> 6;
        chunkStreamId = first & 0x3F;
        if (chunkStreamId == 0)
        {
            if (!reader.TryRead(out var second))
                return false;
            chunkStreamId = 64 + second;
        }
        else if (chunkStreamId == 1)
        {
            if (!reader.TryRead(out var low) || !reader.TryRead(out var high))
                return false;
            chunkStreamId = 64 + low + high * 256;
        }
        return true;
    }

    private static uint ReadUInt24(ReadOnlySpan<byte> bytes) => (uint)(bytes[0] << 16 | bytes[1] << 8 | bytes[2]);

    public void Dispose()
    {
        foreach (var state in _streams.Values)
            state.DiscardMessage();
        _streams.Clear();
    }
}
