using InteropGateway.Codecs.Media;
using InteropGateway.Core.Relay;
using Microsoft.Extensions.Logging;

namespace InteropGateway.Adapters.Ts;

/// <summary>
/// Where the per-codec PES readers of a <see cref="TsPublisher"/> put what they find: frames go to
/// the publication, and every frame published or skipped is counted for the session summary.
/// </summary>
internal sealed class TsFrameSink(Publication publication, ILogger logger)
{
    public long VideoFrames { get; private set; }
    public long AudioFrames { get; private set; }
    /// <summary>Access units that could not be published: before the first config or keyframe, or damaged.</summary>
    public long Skipped { get; private set; }

    public ILogger Logger => logger;
    public Publication Publication => publication;

    /// <summary>Hands the frame (and its reference) to the publication.</summary>
    public void Publish(MediaFrame frame)
    {
        if (frame.Kind == MediaKind.Video)
            VideoFrames++;
        else
            AudioFrames++;
        publication.Publish(frame);
    }

    public void Skip() => Skipped++;

    /// <summary>A new decoder configuration: worth a line, it happens at start and when the sender changes its encoder.</summary>
    public void ConfigChanged(TrackConfig config) =>
        logger.LogInformation("TS ingest {Session} of {Stream}: {Kind} is {Config}",
            publication.Info, publication.Key, config.Kind.ToString().ToLowerInvariant(), config);
}
