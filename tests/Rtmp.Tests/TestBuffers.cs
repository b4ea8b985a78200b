using System.Buffers;

namespace InteropGateway.Tests.Rtmp;

/// <summary>Builds multi-segment sequences, so parsers are tested across segment boundaries.</summary>
internal static class TestBuffers
{
    public static ReadOnlySequence<byte> Segmented(ReadOnlyMemory<byte> data, int segmentSize)
    {
        if (data.Length == 0)
            return ReadOnlySequence<byte>.Empty;
        var first = new Segment(data[..Math.Min(segmentSize, data.Length)], 0);
        var last = first;
        for (var offset = segmentSize; offset < data.Length; offset += segmentSize)
            last = last.Append(data.Slice(offset, Math.Min(segmentSize, data.Length - offset)));
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
