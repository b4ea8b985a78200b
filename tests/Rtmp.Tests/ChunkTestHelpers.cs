using System.Buffers;
using InteropGateway.Adapters.Rtmp.Protocol;

namespace InteropGateway.Tests.Rtmp;

internal sealed record ReceivedMessage(byte TypeId, uint Timestamp, uint StreamId, byte[] Payload);

internal static class ChunkTestHelpers
{
    /// <summary>
    /// Feeds <paramref name="data"/> to the reader <paramref name="step"/> bytes at a time, the way a
    /// PipeReader would (unconsumed bytes stay buffered), with the buffer split in segments.
    /// </summary>
    public static List<ReceivedMessage> Feed(ChunkReader chunkReader, byte[] data, int step, int segmentSize = 7)
    {
        var received = new List<ReceivedMessage>();
        var buffered = new List<byte>();
        for (var offset = 0; offset < data.Length; offset += step)
        {
            buffered.AddRange(data.AsSpan(offset, Math.Min(step, data.Length - offset)).ToArray());
            var reader = new SequenceReader<byte>(TestBuffers.Segmented(buffered.ToArray(), segmentSize));
            while (chunkReader.TryRead(ref reader, out var message))
            {
                using (message)
                    received.Add(new ReceivedMessage(message.TypeId, message.Timestamp, message.StreamId, message.Span.ToArray()));
            }
            buffered.RemoveRange(0, (int)reader.Consumed);
        }
        Assert.Empty(buffered);
        return received;
    }

    public static byte[] Payload(int length, int seed)
    {
        var payload = new byte[length];
        new Random(seed).NextBytes(payload);
        return payload;
    }

    /// <summary>Raw chunk bytes written by hand from the spec, independent of ChunkWriter.</summary>
    public static byte[] Chunk(int fmt, int csid, uint? timestamp = null, int? length = null, byte? type = null, uint? streamId = null,
        uint? extended = null, byte[]? data = null)
    {
        var bytes = new List<byte>();
        if (csid < 64)
            bytes.Add((byte)(fmt << 6 | csid));
        else if (csid < 320)
            bytes.AddRange([(byte)(fmt << 6), (byte)(csid - 64)]);
        else
            bytes.AddRange([(byte)(fmt << 6 | 1), (byte)((csid - 64) & 0xFF), (byte)((csid - 64) >> 8)]);
        if (fmt <= 2)
            bytes.AddRange(U24(timestamp!.Value));
        if (fmt <= 1)
        {
            bytes.AddRange(U24((uint)length!.Value));
            bytes.Add(type!.Value);
        }
        if (fmt == 0)
            bytes.AddRange(BitConverter.GetBytes(streamId!.Value)); // little endian on every .NET target we run
        if (extended is { } ext)
            bytes.AddRange([(byte)(ext >> 24), (byte)(ext >> 16), (byte)(ext >> 8), (byte)ext]);
        if (data is not null)
            bytes.AddRange(data);
        return bytes.ToArray();
    }

    private static byte[] U24(uint value) => [(byte)(value >> 16), (byte)(value >> 8), (byte)value];
}
