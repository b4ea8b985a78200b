using System.Buffers;
using System.Buffers.Binary;

namespace InteropGateway.Adapters.WebRtc.Transport;

/// <summary>RFC 4571 framing used by ICE-TCP (RFC 6544 §3): a 16-bit big-endian length, then the packet.</summary>
internal static class Rfc4571Framing
{
    public const int HeaderLength = 2;

    public enum ReadResult
    {
        Frame,
        NeedMoreData,
        /// <summary>A zero or over-limit length: the stream cannot be trusted any more.</summary>
        Invalid,
    }

    public static ReadResult TryRead(ref SequenceReader<byte> reader, int maxFrameLength, out ReadOnlySequence<byte> frame)
    {
        frame = default;
        if (!reader.TryReadBigEndian(out short rawLength))
            return ReadResult.NeedMoreData;
        var length = (ushort)rawLength;
        if (length == 0 || length > maxFrameLength)
            return ReadResult.Invalid;
        if (reader.Remaining < length)
        {
            reader.Rewind(HeaderLength);
            return ReadResult.NeedMoreData;
        }
        frame = reader.UnreadSequence.Slice(0, length);
        reader.Advance(length);
        return ReadResult.Frame;
    }

    public static void WriteHeader(Span<byte> destination, int packetLength) =>
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)packetLength);
}
