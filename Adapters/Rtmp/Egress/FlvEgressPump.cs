using InteropGateway.Adapters.Rtmp.Flv;
using InteropGateway.Adapters.Rtmp.MiniProgram;
using InteropGateway.Codecs.Media;
using InteropGateway.Core.Relay;
using Microsoft.Extensions.Logging;

namespace InteropGateway.Adapters.Rtmp.Egress;

/// <summary>
/// Moves frames from a subscriber to an FLV tag sink (RTMP play or HTTP-FLV): sequence headers
/// first and again whenever a track's configuration really changes (a new publisher with another
/// encoder), then each frame as one tag whose body is the shared payload itself.
/// Flushes when the subscriber's queue is empty and a video frame (or 40 ms of audio) is waiting:
/// bursts such as the GOP cache go out in few sends, and audio rides along with the next picture
/// instead of costing a socket send per AAC frame.
/// With a <see cref="LiveEdgeStart"/> (mini-program players) a long GOP-cache backlog is replaced
/// by the newest keyframe shown at the live edge.
/// </summary>
internal sealed class FlvEgressPump(Subscriber subscriber, IFlvTagSink sink, ILogger logger, LiveEdgeStart? start = null)
{
    private readonly byte[] _header = new byte[FlvEgressWriter.MaxTagHeaderLength];
    private TrackConfig? _sentVideo;
    private TrackConfig? _sentAudio;
    private bool _warnedUnsupported;
    private bool _sentMetadata;
    private const long MaxHeldBackTicks = 40 * Timebase.TicksPerMillisecond;
    private long _oldestUnflushedDts = long.MinValue;
    /// <summary>After a live-edge start the P-frames that follow the shown keyframe lack their references.</summary>
    private bool _skipVideoUntilKeyframe;

    /// <summary>Runs until the subscription ends or the peer goes away; returns why.</summary>
    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        // The subscriber's read takes no token (see Subscriber.ReadAsync): cancelling closes it instead.
        await using var stop = cancellationToken.Register(static s => ((Subscriber)s!).Close("player disconnected"), subscriber);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, subscriber.Closed);
        try
        {
            return await PumpAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (subscriber.Closed.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return subscriber.CloseReason ?? "subscription closed";
        }
    }

    private async Task<string> PumpAsync(CancellationToken cancellationToken)
    {
        if (start is not null && !await WriteLiveEdgeStartAsync(start, cancellationToken).ConfigureAwait(false))
            return "player disconnected";
        while (true)
        {
            var frame = await subscriber.ReadAsync().ConfigureAwait(false);
            if (frame is null)
                return subscriber.CloseReason ?? "stream ended";
            if (_skipVideoUntilKeyframe && frame.Kind == MediaKind.Video)
            {
                if (!frame.IsKeyframe)
                {
                    frame.Release();
                    continue;
                }
                _skipVideoUntilKeyframe = false;
            }
            await sink.AcquireAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                bool flushDue;
                try
                {
                    Write(frame);
                    flushDue = IsFlushDue(frame);
                }
                finally
                {
                    frame.Release();
                }
                if (flushDue && subscriber.Queued == 0)
                {
                    _oldestUnflushedDts = long.MinValue;
                    if (!await sink.FlushAsync(cancellationToken).ConfigureAwait(false))
                        return "player disconnected";
                }
            }
            finally
            {
                sink.Release();
            }
        }
    }

    /// <summary>Writes what <see cref="LiveEdgeStart"/> chose from the queued backlog, in one flush.</summary>
    private async ValueTask<bool> WriteLiveEdgeStartAsync(LiveEdgeStart liveEdge, CancellationToken cancellationToken)
    {
        var plan = liveEdge.Plan(subscriber);
        if (plan.Frames.Count == 0)
            return true;
        try
        {
            await sink.AcquireAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                for (var i = 0; i < plan.Frames.Count; i++)
                    Write(plan.Frames[i], i == 0 && plan.FirstFrameDts is { } retimed ? retimed : plan.Frames[i].Dts);
                _skipVideoUntilKeyframe = plan.SkipVideoUntilKeyframe;
                return await sink.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                sink.Release();
            }
        }
        finally
        {
            foreach (var frame in plan.Frames)
                frame.Release();
        }
    }

    private bool IsFlushDue(MediaFrame frame)
    {
        if (_oldestUnflushedDts == long.MinValue)
            _oldestUnflushedDts = frame.Dts;
        return frame.Kind == MediaKind.Video || frame.Dts - _oldestUnflushedDts >= MaxHeldBackTicks;
    }

    private void Write(MediaFrame frame) => Write(frame, frame.Dts);

    /// <param name="dts">Where the frame goes on the player's timeline: its own DTS, except a live-edge start's keyframe.</param>
    private void Write(MediaFrame frame, long dts)
    {
        var timestamp = unchecked((uint)Timebase.ToMilliseconds(dts));
        if (!_sentMetadata)
        {
            _sentMetadata = true;
            var metadata = FlvMetadata.Describe(subscriber.VideoTrack, subscriber.AudioTrack);
            // Timestamp 0 whatever the first frame's: FFmpeg's FLV demuxer takes a script tag with a
            // later timestamp for a subtitle packet and shows late joiners a bogus "text" stream.
            sink.WriteTag(FlvTagType.Script, 0, default, metadata);
        }
        var track = frame.Track;
        switch (track.Codec)
        {
            case CodecId.H264:
                if (!ReferenceEquals(track, _sentVideo) && !track.IsEquivalentTo(_sentVideo))
                {
                    var length = FlvEgressWriter.WriteAvcSequenceHeaderPrefix(_header);
                    sink.WriteTag(FlvTagType.Video, timestamp, _header.AsSpan(0, length), track.Extradata.Span);
                }
                _sentVideo = track;
                var videoHeader = FlvEgressWriter.WriteAvcNaluPrefix(_header, frame);
                sink.WriteTag(FlvTagType.Video, timestamp, _header.AsSpan(0, videoHeader), frame.Payload.Span);
                break;
            case CodecId.Aac:
                if (!ReferenceEquals(track, _sentAudio) && !track.IsEquivalentTo(_sentAudio))
                {
                    var length = FlvEgressWriter.WriteAacSequenceHeaderPrefix(_header);
                    sink.WriteTag(FlvTagType.Audio, timestamp, _header.AsSpan(0, length), track.Extradata.Span);
                }
                _sentAudio = track;
                var audioHeader = FlvEgressWriter.WriteAacRawPrefix(_header);
                sink.WriteTag(FlvTagType.Audio, timestamp, _header.AsSpan(0, audioHeader), frame.Payload.Span);
                break;
            default:
                // The router gives FLV sinks H264/AAC only; anything else would be unplayable here.
                if (!_warnedUnsupported)
                    logger.LogWarning("{Player}: {Codec} cannot be carried in FLV; skipping those frames", subscriber.Info, track.Codec.Name());
                _warnedUnsupported = true;
                break;
        }
    }
}
