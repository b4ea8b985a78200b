namespace InteropGateway.Codecs.Transcoding;

/// <summary>Counters of one transcoder, updated by its thread, readable from any thread.</summary>
public sealed class TranscodeStats
{
    private long _framesIn;
    private long _framesOut;
    private long _corruptFrames;
    private long _cpuTicks;
    private string? _lastError;

    public long FramesIn => Interlocked.Read(ref _framesIn);
    public long FramesOut => Interlocked.Read(ref _framesOut);
    /// <summary>Source frames the decoder rejected and that were skipped.</summary>
    public long CorruptFrames => Interlocked.Read(ref _corruptFrames);
    /// <summary>Thread CPU time spent in decode/convert/encode, in <see cref="TimeSpan"/> ticks.</summary>
    public TimeSpan CpuTime => TimeSpan.FromTicks(Interlocked.Read(ref _cpuTicks));

    /// <summary>Why the last corrupt frame was rejected ("aac decode: Invalid data found..."); null until one was.</summary>
    public string? LastError => Volatile.Read(ref _lastError);

    /// <summary>Counts a rejected source frame and remembers why.</summary>
    public void CountCorrupt(string reason)
    {
        Volatile.Write(ref _lastError, reason);
        CountCorrupt();
    }

    public void CountIn() => Interlocked.Increment(ref _framesIn);
    public void CountOut() => Interlocked.Increment(ref _framesOut);
    public void CountCorrupt() => Interlocked.Increment(ref _corruptFrames);
    public void AddCpu(TimeSpan time) => Interlocked.Add(ref _cpuTicks, time.Ticks);
}
