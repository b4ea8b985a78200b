using InteropGateway.Codecs.Media;
using InteropGateway.Codecs.Transcoding;
using InteropGateway.Core.Routing;

namespace InteropGateway.Tests.Core;

/// <summary>
/// Transcoders that only relabel frames (same payload, target codec), so routing tests can check
/// sharing, lifetimes and keyframe requests exactly; real conversions are tested with FFmpeg in
/// Codecs.Tests and Integration.Tests. <see cref="Delay"/> simulates a slow encoder.
/// </summary>
internal sealed class RelabelTranscoders : ITranscoderProvider
{
    private int _created;
    public List<RelabelTranscoder> Instances { get; } = [];
    public int Created => Volatile.Read(ref _created);
    public TimeSpan Delay { get; set; }

    public bool CanConvert(CodecId from, CodecId to) => from != to && from.Kind() == to.Kind();

    public ITrackTranscoder Create(TrackConfig source, CodecId target, TranscodeSettings settings)
    {
        Interlocked.Increment(ref _created);
        var transcoder = new RelabelTranscoder(source.Codec, target, Delay);
        lock (Instances) Instances.Add(transcoder);
        return transcoder;
    }
}

internal sealed class RelabelTranscoder(CodecId source, CodecId target, TimeSpan delay) : ITrackTranscoder
{
    private volatile bool _keyframeRequested;
    public CodecId Source => source;
    public CodecId Target => target;
    public TrackConfig? OutputTrack { get; } = new(target.Kind(), target, new byte[] { 9 }) { SampleRate = 48000, Channels = 2 };
    public TranscodeStats Stats { get; } = new();
    public bool Disposed { get; private set; }
    public int KeyframeRequests;

    public void Transcode(MediaFrame input, IFrameSink output)
    {
        Stats.CountIn();
        if (delay > TimeSpan.Zero)
            Thread.Sleep(delay);
        var key = input.IsKeyframe || _keyframeRequested;
        _keyframeRequested = false;
        output.Accept(MediaFrame.Copy(OutputTrack!, input.Payload.Span, input.Dts, input.Pts, key));
        Stats.CountOut();
    }

    public void Flush(IFrameSink output) { }

    public void RequestKeyframe()
    {
        Interlocked.Increment(ref KeyframeRequests);
        _keyframeRequested = true;
    }

    public void Dispose() => Disposed = true;
}
