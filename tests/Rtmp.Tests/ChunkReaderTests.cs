using System.Buffers;
using InteropGateway.Adapters.Rtmp.Protocol;
using static InteropGateway.Tests.Rtmp.ChunkTestHelpers;

namespace InteropGateway.Tests.Rtmp;

public class ChunkReaderTests
{
    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    [Theory]
    [InlineData(1000)]
    [InlineData(1)]
    public void SpecExampleOne_DeltasAccumulateAcrossFmt2AndFmt3(int step)
    {
        var data = Concat(
            Chunk(0, 3, timestamp: 1000, length: 32, type: 8, streamId: 12345, data: Payload(32, 1)),
            Chunk(2, 3, timestamp: 20, data: Payload(32, 2)),
            Chunk(3, 3, data: Payload(32, 3)),
            Chunk(3, 3, data: Payload(32, 4)));
        var messages = Feed(new ChunkReader(), data, step);
        Assert.Equal([1000u, 1020u, 1040u, 1060u], messages.Select(m => m.Timestamp));
        Assert.All(messages, m => Assert.Equal((byte)8, m.TypeId));
        Assert.All(messages, m => Assert.Equal(12345u, m.StreamId));
        Assert.Equal(Payload(32, 3), messages[2].Payload);
    }

    [Fact]
    public void SpecExampleTwo_MessageSplitIntoFmt3Continuations()
    {
        var payload = Payload(307, 5);
        var data = Concat(
            Chunk(0, 4, timestamp: 1000, length: 307, type: 9, streamId: 12346, data: payload[..128]),
            Chunk(3, 4, data: payload[128..256]),
            Chunk(3, 4, data: payload[256..]));
        var message = Assert.Single(Feed(new ChunkReader(), data, 3));
        Assert.Equal(payload, message.Payload);
        Assert.Equal(1000u, message.Timestamp);
    }

    [Fact]
    public void Fmt3NewMessageAfterFmt0_ReappliesTheTimestampField_AsFfmpegWrites()
    {
        var data = Concat(
            Chunk(0, 6, timestamp: 40, length: 4, type: 9, streamId: 1, data: Payload(4, 1)),
            Chunk(3, 6, data: Payload(4, 2)),
            Chunk(1, 6, timestamp: 33, length: 2, type: 9, data: Payload(2, 3)),
            Chunk(3, 6, data: Payload(2, 4)));
        Assert.Equal([40u, 80u, 113u, 146u], Feed(new ChunkReader(), data, 1).Select(m => m.Timestamp));
    }

    [Fact]
    public void ExtendedTimestamp_IsRepeatedOnContinuationsAndUsedAsDeltaByFmt3NewMessage()
    {
        const uint big = 0x0123_4567;
        var payload = Payload(300, 7);
        var data = Concat(
            Chunk(0, 5, timestamp: 0xFFFFFF, length: 300, type: 9, streamId: 1, extended: big, data: payload[..128]),
            Chunk(3, 5, extended: big, data: payload[128..256]),
            Chunk(3, 5, extended: big, data: payload[256..]),
            // A new message with fmt 3: the extended field is the delta again.
            Chunk(3, 5, extended: 0x0100_0000, data: payload[..128]),
            Chunk(3, 5, extended: 0x0100_0000, data: payload[128..256]),
            Chunk(3, 5, extended: 0x0100_0000, data: payload[256..]),
            Chunk(2, 5, timestamp: 10, data: payload[..128]),
            Chunk(3, 5, data: payload[128..256]),
            Chunk(3, 5, data: payload[256..]));
        var messages = Feed(new ChunkReader(), data, 5);
        Assert.Equal([big, big + 0x0100_0000, big + 0x0100_000A], messages.Select(m => m.Timestamp));
        Assert.All(messages, m => Assert.Equal(payload, m.Payload));
    }

    [Fact]
    public void ContinuationWithoutTheRepeatedExtendedField_IsTolerated()
    {
        var payload = Payload(200, 8);
        var data = Concat(
            Chunk(0, 5, timestamp: 0xFFFFFF, length: 200, type: 9, streamId: 1, extended: 0x0200_0000, data: payload[..128]),
            Chunk(3, 5, data: payload[128..]));
        var message = Assert.Single(Feed(new ChunkReader(), data, 1));
        Assert.Equal(payload, message.Payload);
        Assert.Equal(0x0200_0000u, message.Timestamp);
    }

    [Fact]
    public void InterleavedMessages_OnDifferentChunkStreams_AreReassembledIndependently()
    {
        var a = Payload(300, 1);
        var b = Payload(200, 2);
        var data = Concat(
            Chunk(0, 4, timestamp: 10, length: 300, type: 8, streamId: 1, data: a[..128]),
            Chunk(0, 6, timestamp: 20, length: 200, type: 9, streamId: 1, data: b[..128]),
            Chunk(3, 4, data: a[128..256]),
            Chunk(3, 6, data: b[128..]),
            Chunk(3, 4, data: a[256..]));
        var messages = Feed(new ChunkReader(), data, 1);
        Assert.Equal(2, messages.Count);
        Assert.Equal(b, messages[0].Payload);
        Assert.Equal(20u, messages[0].Timestamp);
        Assert.Equal(a, messages[1].Payload);
        Assert.Equal(10u, messages[1].Timestamp);
    }

    [Theory]
    [InlineData(64)]
    [InlineData(319)]
    [InlineData(320)]
    [InlineData(65599)]
    public void TwoAndThreeByteBasicHeaders(int csid)
    {
        var data = Chunk(0, csid, timestamp: 5, length: 3, type: 20, streamId: 0, data: [1, 2, 3]);
        var message = Assert.Single(Feed(new ChunkReader(), data, 1));
        Assert.Equal([1, 2, 3], message.Payload);
    }

    [Fact]
    public void ZeroLengthMessage_CompletesImmediately()
    {
        var message = Assert.Single(Feed(new ChunkReader(), Chunk(0, 3, timestamp: 0, length: 0, type: 18, streamId: 1), 1));
        Assert.Empty(message.Payload);
    }

    [Fact]
    public void IncompleteChunk_LeavesReaderAtChunkStart()
    {
        var first = Chunk(0, 3, timestamp: 1, length: 200, type: 9, streamId: 1, data: Payload(128, 1));
        var partial = Chunk(3, 3, data: Payload(50, 2));
        var data = Concat(first, partial);
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(data));
        using var chunks = new ChunkReader();
        Assert.False(chunks.TryRead(ref reader, out _));
        Assert.Equal(first.Length, reader.Consumed);
    }

    [Fact]
    public void LargerChunkSize_AppliesToFollowingChunks()
    {
        using var chunks = new ChunkReader();
        chunks.ApplySetChunkSize(4096);
        var payload = Payload(5000, 3);
        var data = Concat(
            Chunk(0, 6, timestamp: 0, length: 5000, type: 9, streamId: 1, data: payload[..4096]),
            Chunk(3, 6, data: payload[4096..]));
        Assert.Equal(payload, Assert.Single(Feed(chunks, data, 999)).Payload);
    }

    [Fact]
    public void AbortDropsThePartialMessage()
    {
        using var chunks = new ChunkReader();
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(Chunk(0, 3, timestamp: 1, length: 200, type: 9, streamId: 1, data: Payload(128, 1))));
        Assert.False(chunks.TryRead(ref reader, out _));
        chunks.Abort(3);
        var message = Assert.Single(Feed(chunks, Chunk(0, 3, timestamp: 2, length: 2, type: 9, streamId: 1, data: [7, 8]), 1));
        Assert.Equal([7, 8], message.Payload);
    }
}

public class ChunkReaderLimitTests
{
    private static RtmpProtocolException Throws(ChunkReader chunks, byte[] data)
    {
        return Assert.Throws<RtmpProtocolException>(() =>
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(data));
            while (chunks.TryRead(ref reader, out var message))
                message.Dispose();
        });
    }

    [Theory]
    [InlineData(0x8000_0080u, "chunk-size-top-bit")]
    [InlineData(0u, "chunk-size-out-of-range")]
    [InlineData((1u << 20) + 1, "chunk-size-out-of-range")]
    public void SetChunkSize_OutsideLimits_Throws(uint size, string reason)
    {
        var error = Assert.Throws<RtmpProtocolException>(() => new ChunkReader().ApplySetChunkSize(size));
        Assert.Equal(reason, error.Reason);
    }

    [Fact]
    public void SetChunkSize_AtTheLimit_IsAccepted()
    {
        var chunks = new ChunkReader();
        chunks.ApplySetChunkSize(1 << 20);
        Assert.Equal(1 << 20, chunks.ChunkSize);
    }

    [Fact]
    public void MessageLargerThanLimit_ThrowsBeforeAnyPayloadArrives()
    {
        var chunks = new ChunkReader(new RtmpLimits { MaxMessageSize = 1000 });
        var error = Throws(chunks, ChunkTestHelpers.Chunk(0, 3, timestamp: 0, length: 1001, type: 9, streamId: 1));
        Assert.Equal("message-too-large", error.Reason);
    }

    [Fact]
    public void TooManyChunkStreams_Throws()
    {
        var chunks = new ChunkReader(new RtmpLimits { MaxChunkStreams = 4 });
        var data = Enumerable.Range(3, 5).SelectMany(csid => ChunkTestHelpers.Chunk(0, csid, timestamp: 0, length: 1, type: 9, streamId: 1, data: [0])).ToArray();
        Assert.Equal("too-many-chunk-streams", Throws(chunks, data).Reason);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void CompressedHeaderOnUnknownChunkStream_Throws(int fmt)
    {
        var data = fmt == 2 ? ChunkTestHelpers.Chunk(2, 9, timestamp: 1) : ChunkTestHelpers.Chunk(3, 9);
        Assert.Equal("chunk-stream-without-header", Throws(new ChunkReader(), data).Reason);
    }

    [Fact]
    public void NewHeaderBeforeMessageCompletes_Throws()
    {
        var data = ChunkTestHelpers.Chunk(0, 3, timestamp: 0, length: 200, type: 9, streamId: 1, data: ChunkTestHelpers.Payload(128, 1))
            .Concat(ChunkTestHelpers.Chunk(0, 3, timestamp: 0, length: 10, type: 9, streamId: 1, data: new byte[10])).ToArray();
        Assert.Equal("header-mid-message", Throws(new ChunkReader(), data).Reason);
    }
}
