using InteropGateway.Codecs.Media;

namespace InteropGateway.Adapters.WebRtc.Sdp;

/// <summary>What the gateway brings to an answer: its role, ICE/DTLS identity and, when sending, its stream.</summary>
public sealed record SdpAnswerOptions
{
    public required GatewayMediaRole Role { get; init; }
    public required string IceUfrag { get; init; }
    public required string IcePwd { get; init; }
    /// <summary>Hash of our DTLS certificate (sha-256).</summary>
    public required SdpFingerprint Fingerprint { get; init; }
    /// <summary>Host candidates: typically UDP and TCP passive on the same port.</summary>
    public IReadOnlyList<SdpCandidate> Candidates { get; init; } = [];

    /// <summary>When sending: the profile-level-id of the H264 we will send (from the stream's SPS); null = unknown.</summary>
    public H264ProfileLevelId? SendVideoProfile { get; init; }
    /// <summary>When sending: which kinds the stream has. A kind we lack is answered inactive.</summary>
    public bool SendVideo { get; init; } = true;
    public bool SendAudio { get; init; } = true;
    public uint VideoSsrc { get; init; }
    public uint AudioSsrc { get; init; }
    /// <summary>The CNAME sessions put in their RTCP SDES, so it matches what the answer announced.</summary>
    public const string DefaultCname = "interop-gateway";

    /// <summary>RTCP CNAME of our outgoing streams.</summary>
    public string Cname { get; init; } = DefaultCname;
    /// <summary>msid stream id (one MediaStream for both tracks so the player syncs them).</summary>
    public string StreamId { get; init; } = "gateway";

    /// <summary>The o= session id; random when zero.</summary>
    public ulong SessionId { get; init; }

    public uint SsrcFor(MediaKind kind) => kind == MediaKind.Video ? VideoSsrc : AudioSsrc;
}
