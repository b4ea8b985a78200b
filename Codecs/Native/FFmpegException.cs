namespace InteropGateway.Codecs.Native;

/// <summary>An FFmpeg call failed for a reason that is not the input's fault (setup, options, memory).</summary>
public sealed class FFmpegException : Exception
{
    public FFmpegException(string operation, int errorCode)
        : base($"{operation} failed: {AvError.Describe(errorCode)} ({errorCode})")
    {
        Operation = operation;
        ErrorCode = errorCode;
    }

    public FFmpegException(string operation, string message)
        : base($"{operation} failed: {message}")
    {
        Operation = operation;
        ErrorCode = AvError.InvalidArgument;
    }

    /// <summary>The FFmpeg function or step that failed, e.g. "avcodec_open2(libopus)".</summary>
    public string Operation { get; }
    public int ErrorCode { get; }

    /// <summary>Throws when <paramref name="result"/> is a negative AVERROR; returns it otherwise.</summary>
    public static int ThrowIfError(int result, string operation) =>
        result < 0 ? throw new FFmpegException(operation, result) : result;
}
