using System.Buffers;
using System.Runtime.CompilerServices;
using InteropGateway.Adapters.Rtmp.Flv;
using InteropGateway.Codecs.Media;

namespace InteropGateway.Tests.Integration.Infrastructure;

/// <summary>The frames of an FLV clip as the RTMP adapter would publish them, paced in real time.</summary>
public static class FlvClip
{
    /// <summary>Yields each frame (the caller owns it) at its clip time, like ffmpeg -re would send it.</summary>
    public static async IAsyncEnumerable<MediaFrame> ReadFramesAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        var mapper = new FlvIngestMapper();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var offset = 0;
        if (!ReadHeader(bytes, ref offset))
            throw new InvalidDataException($"{path} is not an FLV file");
        while (NextFrame(bytes, ref offset, mapper) is { } frame)
        {
            var due = TimeSpan.FromMilliseconds(Timebase.ToMilliseconds(frame.Dts)) - clock.Elapsed;
            if (due > TimeSpan.Zero)
                await Task.Delay(due, cancellationToken);
            yield return frame;
        }
    }

    private static bool ReadHeader(byte[] bytes, ref int offset)
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
        if (!FlvFileReader.TryReadFileHeader(ref reader, out _, out _))
            return false;
        offset = (int)reader.Consumed;
        return true;
    }

    private static MediaFrame? NextFrame(byte[] bytes, ref int offset, FlvIngestMapper mapper)
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes, offset, bytes.Length - offset));
        while (FlvFileReader.TryReadTag(ref reader, out var tag))
        {
            var result = mapper.Map(tag.TagType, tag.TimestampMs, tag.Data.ToArray());
            if (result.Outcome == FlvIngestOutcome.Frame)
            {
                offset += (int)reader.Consumed;
                return result.Frame;
            }
        }
        return null;
    }
}
