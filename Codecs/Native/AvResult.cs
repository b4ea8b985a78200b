namespace InteropGateway.Codecs.Native;

/// <summary>
/// Outcome of a codec call that can fail because of the input rather than a bug: a corrupt frame is
/// returned as a value to count and skip, not thrown.
/// </summary>
public readonly record struct AvResult(int Code)
{
    public static AvResult Success => new(0);

    public bool IsSuccess => Code >= 0;
    /// <summary>EAGAIN: drain the codec's output before sending more input (or send more before receiving).</summary>
    public bool IsAgain => Code == AvError.Again;
    public bool IsEndOfStream => Code == AvError.EndOfFile;
    /// <summary>A real failure, neither success nor the normal EAGAIN/EOF states of the loop.</summary>
    public bool IsError => Code < 0 && !IsAgain && !IsEndOfStream;

    /// <summary>The av_strerror text (cached per code).</summary>
    public string Describe() => IsSuccess ? "success" : AvError.Describe(Code);

    public override string ToString() => Describe();
}
