using InteropGateway.Adapters.Rtmp.MiniProgram;
using InteropGateway.Matrix;

namespace InteropGateway.Adapters.Rtmp.Server;

/// <summary>
/// What sets one RTMP listener apart from another: the matrix protocol its sessions are tagged with,
/// who may publish or play (null: everyone) and how players start. Native RTMP (1935) and the
/// mini-program listener (1936) run the same session code with different profiles.
/// </summary>
internal sealed record RtmpListenerProfile(string Protocol, IRtmpAccessPolicy? Access = null, LiveEdgeStart? PlayStart = null)
{
    public static RtmpListenerProfile Native { get; } = new(Protocols.Rtmp);
}
