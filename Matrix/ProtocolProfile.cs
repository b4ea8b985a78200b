using System.Collections.Immutable;
using InteropGateway.Codecs.Media;

namespace InteropGateway.Matrix;

/// <summary>What one protocol family accepts as a sink, carries in as a source, and prefers as a target.</summary>
public sealed class ProtocolProfile
{
    public ProtocolProfile(
        string key,
        string displayName,
        ImmutableArray<CodecId> sinkCodecs,
        ImmutableArray<CodecId> sourceCodecs,
        CodecId preferredVideo,
        CodecId preferredAudio)
    {
        Key = key;
        DisplayName = displayName;
        SinkCodecs = sinkCodecs;
        SourceCodecs = sourceCodecs;
        PreferredVideo = preferredVideo;
        PreferredAudio = preferredAudio;
    }

    /// <summary>Matrix key: "webrtc", "h5", ...</summary>
    public string Key { get; }

    /// <summary>Name in the conversion table (DESIGN §1): "WebRTC", "H5/MPEG1", ...</summary>
    public string DisplayName { get; }

    /// <summary>Codecs an egress of this protocol serves as they are ("accepts" in the file).</summary>
    public ImmutableArray<CodecId> SinkCodecs { get; }

    /// <summary>Codecs an ingress of this protocol may publish ("ingests"; defaults to "accepts").</summary>
    public ImmutableArray<CodecId> SourceCodecs { get; }

    public CodecId PreferredVideo { get; }

    public CodecId PreferredAudio { get; }

    public bool Accepts(CodecId codec) => SinkCodecs.Contains(codec);

    public bool Ingests(CodecId codec) => SourceCodecs.Contains(codec);

    public CodecId Preferred(MediaKind kind) => kind == MediaKind.Video ? PreferredVideo : PreferredAudio;

    public IEnumerable<CodecId> SinkCodecsOf(MediaKind kind) => SinkCodecs.Where(c => c.Kind() == kind);

    public IEnumerable<CodecId> SourceCodecsOf(MediaKind kind) => SourceCodecs.Where(c => c.Kind() == kind);

    public override string ToString() => $"{Key} ({DisplayName})";
}
