using System.Buffers;
using InteropGateway.Adapters.Rtmp.Flv;
using InteropGateway.Adapters.Rtmp.Protocol;
using InteropGateway.Codecs.Media;

namespace InteropGateway.Tests.Rtmp;

/// <summary>
/// RTMP ingest (chunks to frames) and egress (frames to chunks) allocate nothing per message once warm.
/// Runs alone: tests in parallel share ArrayPool.Shared, and one of them emptying a bucket makes
/// this thread allocate a fresh buffer that is not the RTMP code's doing.
/// </summary>
[Collection(AllocationCollection.Name)]
public class AllocationTests
{
    private const int Messages = 1000;

    [Fact]
    public void Ingest_from_chunks_to_media_frames_allocates_nothing_per_message()
    {
        var writer = new ChunkWriter { ChunkSize = 4096 };
        var wire = new ArrayBufferWriter<byte>();
        writer.Write(wire, RtmpChunkStreamId.Audio, RtmpMessageType.Audio, 0, 1, [0xAF, 0x00, 0x12, 0x10]);
        var raw = new byte[5000];
        raw[0] = 0xAF;
        raw[1] = 0x01;
        for (var i = 0; i < Messages * 2; i++)
            writer.Write(wire, RtmpChunkStreamId.Audio, RtmpMessageType.Audio, (uint)(i * 23), 1, raw);
        var bytes = wire.WrittenMemory;

        using var reader = new ChunkReader();
        reader.ApplySetChunkSize(4096);
        var mapper = new FlvIngestMapper();
        var position = 0;
        var frames = 0;

        void Consume(int count)
        {
            for (var n = 0; n < count;)
            {
                var sequence = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes[position..]));
                Assert.True(reader.TryRead(ref sequence, out var message));
                position += (int)sequence.Consumed;
                using (message)
                {
                    var result = mapper.Map(message.TypeId, message.Timestamp, message.Span);
                    if (result.Outcome == FlvIngestOutcome.Frame)
                    {
                        result.Frame!.Release();
                        frames++;
                        n++;
                    }
                }
            }
        }

        Consume(Messages); // warm-up, includes the sequence header
        var before = GC.GetAllocatedBytesForCurrentThread();
        Consume(Messages);
        var perMessage = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Messages;
        Assert.Equal(2 * Messages, frames);
        Assert.True(perMessage < 1, $"{perMessage:F1} bytes allocated per ingested message");
    }

    [Fact]
    public void Egress_from_a_frame_to_chunks_allocates_nothing_per_frame()
    {
        var config = new TrackConfig(MediaKind.Video, CodecId.H264, new byte[] { 1, 0x64, 0, 0x1f });
        var writer = new ChunkWriter { ChunkSize = 4096 };
        var output = new ArrayBufferWriter<byte>(1 << 20);
        var header = new byte[FlvEgressWriter.MaxTagHeaderLength];

        void Send(int count)
        {
            for (var i = 0; i < count; i++)
            {
                var frame = MediaFrame.Rent(config, 20_000, i * 3000L, i * 3000L, i % 30 == 0);
                var length = FlvEgressWriter.WriteAvcNaluPrefix(header, frame);
                writer.Write(output, RtmpChunkStreamId.Video, RtmpMessageType.Video, (uint)(i * 33), 1, header.AsSpan(0, length), frame.Payload.Span);
                frame.Release();
                output.ResetWrittenCount();
            }
        }

        Send(100);
        var before = GC.GetAllocatedBytesForCurrentThread();
        Send(Messages);
        var perFrame = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Messages;
        Assert.True(perFrame < 1, $"{perFrame:F1} bytes allocated per sent frame");
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationCollection
{
    public const string Name = "allocation (runs alone)";
}
