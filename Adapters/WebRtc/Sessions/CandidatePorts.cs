namespace InteropGateway.Adapters.WebRtc.Sessions;

/// <summary>The ports our host candidates can name; null where that way in is switched off.</summary>
internal readonly record struct CandidatePorts(int Udp, int? IceTcp, int? Multiplexed);
