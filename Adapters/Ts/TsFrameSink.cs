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
    /// <summary>Access units that could not be published: before the first config or keyframe, damaged, or after a lost picture until the next keyframe.</summary>
    public long Skipped { get; private set; }

    public ILogger Logger => logger;
    public Publication Publication => publication;

    private bool _videoAwaitsKeyframe;

    /// <summary>
    /// Hands the frame (and its reference) to the publication; after a video loss, video pictures
    /// are skipped (and released) until the next keyframe.
    /// </summary>
    public void Publish(MediaFrame frame)
    {
        if (frame.Kind == MediaKind.Video)
        {
            if (_videoAwaitsKeyframe && !frame.IsKeyframe)
            {
                Skipped++;
                frame.Release();
                return;
            }
            _videoAwaitsKeyframe = false;
            VideoFrames++;
        }
        else
            AudioFrames++;
        publication.Publish(frame);
    }

    /// <summary>
    /// A video PES was lost. Pictures after it may refer to it, and a player would show them broken
    /// (or its decoder would complain), so video pauses until the next keyframe; audio goes on.
    /// </summary>
    public void VideoLost() => _videoAwaitsKeyframe = true;

    public void Skip() => Skipped++;

    /// <summary>A new decoder configuration: worth a line, it happens at start and when the sender changes its encoder.</summary>
    public void ConfigChanged(TrackConfig config) =>
        logger.LogInformation("TS ingest {Session} of {Stream}: {Kind} is {Config}",
            publication.Info, publication.Key, config.Kind.ToString().ToLowerInvariant(), config);
}
