using InteropGateway.Codecs.Media;
using InteropGateway.Codecs.Transcoding;
using InteropGateway.Core.Relay;

namespace InteropGateway.Core.Routing;

/// <summary>
/// What makes two viewers share a branch: the same source stream, track kind, source and target
/// codec, and encoder settings.
/// </summary>
public readonly record struct BranchKey(LiveStream Source, MediaKind Kind, CodecId From, CodecId To, TranscodeSettings Settings)
{
    public override string ToString() => $"{Source.Name} {From.Name()}->{To.Name()}";
}
