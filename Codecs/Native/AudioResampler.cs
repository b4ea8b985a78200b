namespace InteropGateway.Codecs.Native;

/// <summary>
/// swresample conversion from one decoded audio format (sample format, rate, channel layout) to an
/// encoder's format. Downmixing (e.g. 5.1 to stereo) is swr's default matrix.
/// </summary>
public sealed unsafe class AudioResampler : IDisposable
{
    private readonly SwrContextHandle _context;
    private int _capacity; // samples Output's buffers hold

    private AudioResampler(SwrContextHandle context, SampleFormat inputFormat, int inputRate, int inputChannels,
        SampleFormat outputFormat, int outputRate, int outputChannels)
    {
        _context = context;
        InputFormat = inputFormat;
        InputRate = inputRate;
        InputChannels = inputChannels;
        OutputFormat = outputFormat;
        OutputRate = outputRate;
        OutputChannels = outputChannels;
    }

    public SampleFormat InputFormat { get; }
    public int InputRate { get; }
    public int InputChannels { get; }
    public SampleFormat OutputFormat { get; }
    public int OutputRate { get; }
    public int OutputChannels { get; }

    /// <summary>Converts from the format of <paramref name="input"/> to the given output format (default layout for the channel count).</summary>
    public static AudioResampler Create(AvFrame input, SampleFormat outputFormat, int outputRate, int outputChannels)
    {
        var inputLayout = *input.ChannelLayout;
        if (inputLayout.Order == NativeLayout.ChannelOrderUnspecified)
            inputLayout = AvChannelLayout.Default(inputLayout.ChannelCount); // swr can't mix an unspecified layout
        return Create(in inputLayout, input.SampleFormat, input.SampleRate, outputFormat, outputRate, outputChannels);
    }

    public static AudioResampler Create(int inputChannels, SampleFormat inputFormat, int inputRate,
        SampleFormat outputFormat, int outputRate, int outputChannels)
    {
        var inputLayout = AvChannelLayout.Default(inputChannels);
        return Create(in inputLayout, inputFormat, inputRate, outputFormat, outputRate, outputChannels);
    }

    private static AudioResampler Create(in AvChannelLayout inputLayout, SampleFormat inputFormat, int inputRate,
        SampleFormat outputFormat, int outputRate, int outputChannels)
    {
        var outputLayout = AvChannelLayout.Default(outputChannels);
        var input = inputLayout;
        FFmpegException.ThrowIfError(SwResampleImports.swr_alloc_set_opts2(out var pointer,
            &outputLayout, (int)outputFormat, outputRate, &input, (int)inputFormat, inputRate, 0, 0), "swr_alloc_set_opts2");
        var context = new SwrContextHandle(pointer);
        try
        {
            FFmpegException.ThrowIfError(SwResampleImports.swr_init(context), "swr_init");
        }
        catch
        {
            context.Dispose();
            throw;
        }
        return new AudioResampler(context, inputFormat, inputRate, input.ChannelCount, outputFormat, outputRate, outputChannels);
    }

    /// <summary>Whether <paramref name="input"/> has the format this resampler was made for.</summary>
    public bool Accepts(AvFrame input) =>
        input.SampleFormat == InputFormat && input.SampleRate == InputRate && input.Channels == InputChannels;

    /// <summary>
    /// The converted samples of the last <see cref="Convert"/>, in the output format. Owned by the
    /// resampler and reused: its buffers grow when needed and are otherwise kept.
    /// </summary>
    public AvFrame Output { get; } = new();

    /// <summary>
    /// Converts all of <paramref name="input"/> (null = drain what swr still buffers) into
    /// <see cref="Output"/> and returns the number of samples produced (also Output.SampleCount).
    /// </summary>
    public int Convert(AvFrame? input)
    {
        var inputCount = input?.SampleCount ?? 0;
        var needed = FFmpegException.ThrowIfError(SwResampleImports.swr_get_out_samples(_context, inputCount), "swr_get_out_samples");
        EnsureCapacity(needed);
        var produced = SwResampleImports.swr_convert(_context, Output.ExtendedPlanes, needed,
            input is null ? null : input.ExtendedPlanes, inputCount);
        Output.SampleCount = FFmpegException.ThrowIfError(produced, "swr_convert");
        return produced;
    }

    public void Dispose()
    {
        Output.Dispose();
        _context.Dispose();
    }

    private void EnsureCapacity(int samples)
    {
        if (_capacity >= samples)
        {
            Output.MakeWritable(); // a no-op unless someone kept a reference to the last output
            return;
        }
        // Grow geometrically so a stream settles on one allocation.
        _capacity = Math.Max(samples, Math.Max(_capacity * 2, 2048));
        Output.AllocateAudio(OutputFormat, OutputChannels, OutputRate, _capacity);
    }
}
