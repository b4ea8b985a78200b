using System.Buffers;
using System.Buffers.Binary;

namespace InteropGateway.Adapters.Rtmp.Protocol;

/// <summary>
/// Outbound RTMP chunk stream: splits each message into chunks of <see cref="ChunkSize"/>.
/// The first chunk has a fmt 0 header (or fmt 1/2/3 when header compression is on and safe);
/// continuation chunks are fmt 3 and repeat the extended timestamp, as ffmpeg and librtmp expect.
/// One instance per connection; not thread safe.
/// </summary>
public sealed class ChunkWriter
{
    private const uint ExtendedTimestampMarker = 0xFFFFFF;
    private const int MaxMessageLength = 0xFFFFFF;

    private readonly bool _compressHeaders;
    private readonly Dictionary<int, LastHeader> _lastHeaders = new();
    private int _chunkSize = ChunkReader.DefaultChunkSize;

    /// <param name="compressHeaders">
    /// Use fmt 1/2/3 first chunks when the previous message on the chunk stream allows it. Saves a
    /// few bytes per message; off by default because fmt 0 everywhere is the most tolerant choice.
    /// </param>
    public ChunkWriter(bool compressHeaders = false)
    {
        _compressHeaders = compressHeaders;
    }

    /// <summary>
    /// Our outbound chunk size. Send Set Chunk Size to the peer first (it is written with the old
    /// size), then change this.
    /// </summary>
    public int ChunkSize
    {
        get => _chunkSize;
        set => _chunkSize = value is >= 1 and <= 0x7FFF_FFFF ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public void Write(IBufferWriter<byte> output, int chunkStreamId, byte typeId, uint timestamp, uint streamId, ReadOnlySpan<byte> payload) =>
        Write(output, chunkStreamId, typeId, timestamp, streamId, payload, default);

    /// <summary>
    /// Writes one message whose payload is <paramref name="prefix"/> followed by <paramref name="body"/>
    /// (e.g. an FLV tag header and a shared frame payload), without concatenating them.
    /// </summary>
    public void Write(IBufferWriter<byte> output, int chunkStreamId, byte typeId, uint timestamp, uint streamId,
        ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> body)
    {
        if (chunkStreamId is < 2 or > ChunkReader.MaxChunkStreamId)
            throw new ArgumentOutOfRangeException(nameof(chunkStreamId));
        var length = prefix.Length + body.Length;
        if (length > MaxMessageLength)
            throw new ArgumentException($"RTMP messages are at most {MaxMessageLength} bytes", nameof(body));

        var header = ChooseHeader(chunkStreamId, typeId, timestamp, streamId, length);
        var extended = header.TimestampField >= ExtendedTimestampMarker;
        var basicLength = chunkStreamId < 64 ? 1 : chunkStreamId < 320 ? 2 : 3;

        var written = 0;
        var first = true;
        // Every pass writes one chunk with at least one payload byte, except a lone empty message.
        do
        {
            var dataLength = Math.Min(_chunkSize, length - written);
            var messageHeaderLength = first ? header.Format switch { 0 => 11, 1 => 7, 2 => 3, _ => 0 } : 0;
            var headerLength = basicLength + messageHeaderLength + (extended ? 4 : 0);
            var span = output.GetSpan(headerLength + dataLength);

            var format = first ? header.Format : 3;
            var pos = WriteBasicHeader(span, format, chunkStreamId);
            if (messageHeaderLength > 0)
            {
                WriteUInt24(span[pos..], Math.Min(header.TimestampField, ExtendedTimestampMarker));
                if (format <= 1)
                {
                    WriteUInt24(span[(pos + 3)..], (uint)length);
                    span[pos + 6] = typeId;
                }
                if (format == 0)
                    BinaryPrimitives.WriteUInt32LittleEndian(span[(pos + 7)..], streamId);
                pos += messageHeaderLength;
            }
            if (extended)
            {
                BinaryPrimitives.WriteUInt32BigEndian(span[pos..], header.TimestampField);
                pos += 4;
            }

            CopyPayload(prefix, body, written, span.Slice(pos, dataLength));
            output.Advance(pos + dataLength);
            written += dataLength;
            first = false;
        } while (written < length);
    }

    /// <summary>Forgets per-chunk-stream header state, e.g. after the peer reconnects a stream.</summary>
    public void Reset() => _lastHeaders.Clear();

    private LastHeader ChooseHeader(int chunkStreamId, byte typeId, uint timestamp, uint streamId, int length)
    {
        var header = new LastHeader(0, timestamp, timestamp, length, typeId, streamId);
        if (_compressHeaders
            && _lastHeaders.TryGetValue(chunkStreamId, out var last)
            && last.StreamId == streamId
            && last.TimestampField < ExtendedTimestampMarker
            && timestamp >= last.Timestamp
            && timestamp - last.Timestamp < ExtendedTimestampMarker)
        {
            var delta = timestamp - last.Timestamp;
            var sameShape = last.Length == length && last.TypeId == typeId;
            // fmt 3 on a new message re-applies the previous timestamp field (see ChunkStreamState).
            var format = !sameShape ? 1 : delta == last.TimestampField ? 3 : 2;
            header = header with { Format = format, TimestampField = delta };
        }
        _lastHeaders[chunkStreamId] = header;
        return header;
    }

    private static int WriteBasicHeader(Span<byte> span, int format, int chunkStreamId)
    {
        var fmtBits = (byte)(format << 6);
        if (chunkStreamId < 64)
        {
            span[0] = (byte)(fmtBits | chunkStreamId);
            return 1;
        }
        var id = chunkStreamId - 64;
        if (id < 256)
        {
            span[0] = fmtBits;
            span[1] = (byte)id;
            return 2;
        }
        span[0] = (byte)(fmtBits | 1);
        span[1] = (byte)id;
        span[2] = (byte)(id >> 8);
        return 3;
    }

    private static void CopyPayload(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> body, int offset, Span<byte> destination)
    {
        if (offset < prefix.Length)
        {
            var fromPrefix = Math.Min(prefix.Length - offset, destination.Length);
            prefix.Slice(offset, fromPrefix).CopyTo(destination);
            body[..(destination.Length - fromPrefix)].CopyTo(destination[fromPrefix..]);
        }
        else
        {
            body.Slice(offset - prefix.Length, destination.Length).CopyTo(destination);
        }
    }

    private static void WriteUInt24(Span<byte> span, uint value)
    {
        span[0] = (byte)(value >> 16);
        span[1] = (byte)(value >> 8);
        span[2] = (byte)value;
    }

    private readonly record struct LastHeader(int Format, uint TimestampField, uint Timestamp, int Length, byte TypeId, uint StreamId);
}
