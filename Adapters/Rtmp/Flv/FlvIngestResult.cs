using InteropGateway.Codecs.Media;

namespace InteropGateway.Adapters.Rtmp.Flv;

public enum FlvIngestOutcome
{
    /// <summary>Nothing for the core: an unchanged sequence header, a dropped or non-media message.</summary>
    None,
    /// <summary>A sequence header with new bytes: publish <see cref="FlvIngestResult.Config"/> before the next frame.</summary>
    NewTrackConfig,
    /// <summary>A frame to publish; the caller owns one reference (<see cref="MediaFrame.Release"/>).</summary>
    Frame,
    /// <summary>Something this gateway cannot carry, reported once per reason; later ones are counted silently.</summary>
    Unsupported,
}

/// <param name="Jump">Set on the frame that started a timestamp rebase (log it: it happens once per reset).</param>
public readonly record struct FlvIngestResult(FlvIngestOutcome Outcome, TrackConfig? Config = null, MediaFrame? Frame = null, string? Reason = null,
    TimelineJump? Jump = null)
{
    public static readonly FlvIngestResult Nothing = new(FlvIngestOutcome.None);
}
