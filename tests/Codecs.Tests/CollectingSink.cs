using InteropGateway.Codecs.Media;
using InteropGateway.Codecs.Transcoding;

namespace InteropGateway.Tests.Codecs;

/// <summary>A transcoder output that keeps copies of the frames and releases the references it is given.</summary>
internal sealed class CollectingSink : IFrameSink
{
    public sealed record Output(byte[] Payload, long Pts, long Dts, bool IsKeyframe, TrackConfig Track);

    public List<Output> Frames { get; } = [];

    public void Accept(MediaFrame frame)
    {
        Frames.Add(new Output(frame.Payload.ToArray(), frame.Pts, frame.Dts, frame.IsKeyframe, frame.Track));
        frame.Release();
    }
}
