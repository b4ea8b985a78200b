namespace InteropGateway.Adapters.WebRtc.Rtp;

/// <summary>What happened while a depacketizer took one packet; the session acts on the flags.</summary>
[Flags]
public enum DepacketizerEvents
{
    None = 0,
    /// <summary>At least one access unit went to the sink.</summary>
    FrameEmitted = 1,
    /// <summary><see cref="IRtpDepacketizer.Track"/> is a new TrackConfig (parameter sets or picture size changed).</summary>
    TrackChanged = 2,
    /// <summary>An access unit was dropped (loss, corruption, or no keyframe yet).</summary>
    FrameDropped = 4,
    /// <summary>Decoding cannot go on until a keyframe: send PLI (or FIR).</summary>
    NeedKeyframe = 8,
}
