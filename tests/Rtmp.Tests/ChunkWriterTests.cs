using System.Buffers;
using InteropGateway.Adapters.Rtmp.Protocol;
using static InteropGateway.Tests.Rtmp.ChunkTestHelpers;

namespace InteropGateway.Tests.Rtmp;

public class ChunkWriterTests
{
    public static TheoryData<int, bool> ChunkSizesAndCompression => new()
    {
        { 128, false }, { 128, true }, { 1, false }, { 1, true }, { 4096, false }, { 4096, true }, { 60_000, true },
    };

    private static readonly (int Csid, byte Type, uint Timestamp, uint StreamId, int Length)[] Messages =
    [
        (3, 20, 0, 0, 180),
        (6, 9, 0, 1, 5000),
        (6, 9, 40, 1, 5000),      // same shape: fmt 2 or 3 when compressing
        (6, 9, 80, 1, 5000),      // same delta again: fmt 3 new message
        (6, 9, 120, 1, 700),      // new length: fmt 1
        (4, 8, 23, 1, 0),         // empty message
        (4, 8, 46, 1, 371),
        (64, 18, 50, 1, 129),     // 2-byte basic header
        (320, 9, 60, 1, 300),     // 3-byte basic header
        (65599, 9, 70, 1, 128),
        (6, 9, 0xFFFFFE, 1, 300),
        (6, 9, 0xFFFFFF, 1, 300), // extended from here on
        (6, 9, 0x1234_5678, 1, 300),
        (6, 9, 0x1234_5678 + 40, 1, 300),
        (6, 9, 10, 1, 300),       // timestamp went back: fmt 0 again
        (7, 9, 5, 7, 257),
    ];

    [Theory]
    [MemberData(nameof(ChunkSizesAndCompression))]
    public void RoundTrip_ThroughChunkReader_FedWholeAndByteByByte(int chunkSize, bool compress)
    {
        var writer = new ChunkWriter(compress) { ChunkSize = chunkSize };
        var output = new ArrayBufferWriter<byte>();
        for (var i = 0; i < Messages.Length; i++)
        {
            var m = Messages[i];
            var payload = Payload(m.Length, i);
            var split = Math.Min(5, m.Length);
            writer.Write(output, m.Csid, m.Type, m.Timestamp, m.StreamId, payload.AsSpan(0, split), payload.AsSpan(split));
        }
        var bytes = output.WrittenSpan.ToArray();

        foreach (var step in new[] { bytes.Length, 1, 1000 })
        {
            var reader = new ChunkReader(new RtmpLimits { MaxChunkSize = 1 << 20 }) { ChunkSize = chunkSize };
            var received = Feed(reader, bytes, step, segmentSize: step == 1 ? 1 : 13);
            Assert.Equal(Messages.Length, received.Count);
            for (var i = 0; i < Messages.Length; i++)
            {
                var m = Messages[i];
                Assert.Equal((m.Type, m.Timestamp, m.StreamId), (received[i].TypeId, received[i].Timestamp, received[i].StreamId));
                Assert.Equal(Payload(m.Length, i), received[i].Payload);
            }
        }
    }

    [Fact]
    public void Compression_SavesHeaderBytes()
    {
        static int Size(bool compress)
        {
            var writer = new ChunkWriter(compress);
            var output = new ArrayBufferWriter<byte>();
            for (var i = 0; i < 10; i++)
                writer.Write(output, 6, 9, (uint)(i * 40), 1, new byte[100]);
            return output.WrittenCount;
        }
        Assert.Equal(10 * (12 + 100), Size(false));
        Assert.True(Size(true) < Size(false));
    }

    [Fact]
    public void ExtendedTimestamp_IsRepeatedInContinuationChunks()
    {
        var writer = new ChunkWriter();
        var output = new ArrayBufferWriter<byte>();
        writer.Write(output, 6, 9, 0x0100_0000, 1, new byte[200]);
        var bytes = output.WrittenSpan.ToArray();
        // fmt0: 1 + 11 + 4 + 128, then fmt3: 1 + 4 + 72
        Assert.Equal(1 + 11 + 4 + 128 + 1 + 4 + 72, bytes.Length);
        Assert.Equal([0xFF, 0xFF, 0xFF], bytes[1..4]);
        Assert.Equal((byte)(0xC0 | 6), bytes[144]);
        Assert.Equal([0x01, 0x00, 0x00, 0x00], bytes[145..149]);
    }
}
