using System.Collections.Concurrent;

namespace InteropGateway.Codecs.Native;

/// <summary>FFmpeg error codes (negative AVERROR values) and their av_strerror text.</summary>
public static class AvError
{
    /// <summary>AVERROR(EAGAIN): the other side of the send/receive loop must run first.</summary>
    public const int Again = -11;
    /// <summary>AVERROR(EINVAL).</summary>
    public const int InvalidArgument = -22;
    /// <summary>AVERROR(ENOMEM).</summary>
    public const int OutOfMemory = -12;
    /// <summary>AVERROR_EOF: the codec is fully drained.</summary>
    public const int EndOfFile = -0x20464F45;      // -MKTAG('E','O','F',' ')
    /// <summary>AVERROR_INVALIDDATA: the input is corrupt.</summary>
    public const int InvalidData = -0x41444E49;    // -MKTAG('I','N','D','A')

    // Error texts are few and repeat (one per kind of corruption): cache them so a stream of bad
    // frames does not allocate a string per frame.
    private static readonly ConcurrentDictionary<int, string> Texts = new();

    public static string Describe(int error) => Texts.GetOrAdd(error, static code => Format(code));

    private static unsafe string Format(int error)
    {
        const int Capacity = 256;
        var buffer = stackalloc byte[Capacity];
        // On an unknown code av_strerror still writes a generic "Error number N occurred".
        buffer[0] = 0;
        AvUtilImports.av_strerror(error, buffer, Capacity);
        return buffer[0] == 0 ? $"error {error}" : new string((sbyte*)buffer);
    }
}
