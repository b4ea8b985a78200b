using InteropGateway.Adapters.WebRtc.Sdp;

namespace InteropGateway.Adapters.WebRtc.Sessions;

/// <summary>The host candidates chosen for one answer, and why (logged at Debug).</summary>
internal sealed record CandidateChoice(IReadOnlyList<SdpCandidate> Candidates, string Reason);
