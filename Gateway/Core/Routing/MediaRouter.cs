using InteropGateway.Codecs.Media;
using InteropGateway.Codecs.Transcoding;
using InteropGateway.Core.Options;
using InteropGateway.Core.Relay;
using InteropGateway.Matrix;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InteropGateway.Core.Routing;

/// <summary>
/// The transcoding router (DESIGN §3): decides per subscriber and track from the conversion matrix,
/// and keeps one branch per (stream, track, target, settings), shared by all viewers that need it,
/// created on first need and closed <see cref="RelayOptions.BranchLinger"/> after its last viewer left.
/// </summary>
public sealed class MediaRouter : ITrackRouter, IDisposable
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMilliseconds(250);

    private readonly Dictionary<BranchKey, Branch> _branches = new();
    private readonly object _gate = new();
    private readonly MatrixStore _matrix;
    private readonly IOptionsMonitor<RelayOptions> _relay;
    private readonly IOptionsMonitor<TranscodeSettings> _settings;
    private readonly ITranscoderProvider _transcoders;
    private readonly ILogger<MediaRouter> _logger;
    private readonly Timer _sweeper;

    public MediaRouter(MatrixStore matrix, IOptionsMonitor<RelayOptions> relay, IOptionsMonitor<TranscodeSettings> settings,
        ITranscoderProvider transcoders, ILogger<MediaRouter> logger)
    {
        _matrix = matrix;
        _relay = relay;
        _settings = settings;
        _transcoders = transcoders;
        _logger = logger;
        _sweeper = new Timer(_ => Sweep(), null, SweepInterval, SweepInterval);
    }

    /// <summary>Snapshot of the branches that exist now.</summary>
    public IReadOnlyList<Branch> Branches
    {
        get { lock (_gate) return _branches.Values.ToArray(); }
    }

    public TrackDecision Decide(string sourceProtocol, TrackConfig track, string sinkProtocol, bool reordered)
    {
        if (!Protocols.IsKnown(sourceProtocol) || !Protocols.IsKnown(sinkProtocol))
            return new TrackDecision(TrackDecisionKind.PassThrough, track.Codec, $"{sourceProtocol}->{sinkProtocol} is not in the matrix; pass through");
        var route = RoutePlanner.Plan(_matrix.Current, sourceProtocol, [track.Codec], sinkProtocol).Tracks[0];
        if (route.Action == RouteAction.PassThrough && reordered && track.Codec == CodecId.H264 && sinkProtocol == Protocols.WebRtc)
        {
            // Browsers' WebRTC decoders show pictures in arrival order: B-frames (OBS's default) freeze them.
            return new TrackDecision(TrackDecisionKind.Transcode, CodecId.H264,
                $"{route.Reason}, but the source has B-frames and WebRTC players can't reorder: re-encoded without them");
        }
        return route.Action switch
        {
            RouteAction.PassThrough => new TrackDecision(TrackDecisionKind.PassThrough, track.Codec, route.Reason),
            RouteAction.Transcode when _transcoders.CanConvert(track.Codec, route.TargetCodec) =>
                new TrackDecision(TrackDecisionKind.Transcode, route.TargetCodec, route.Reason),
            RouteAction.Transcode => new TrackDecision(TrackDecisionKind.Impossible, CodecId.Unknown,
                $"{route.Reason}, but this gateway has no {track.Codec.Name()}->{route.TargetCodec.Name()} transcoder"),
            _ => new TrackDecision(TrackDecisionKind.Impossible, CodecId.Unknown, route.Reason),
        };
    }

    public void Attach(LiveStream source, IReadOnlyList<BranchRequest> requests)
    {
        List<Branch>? created = null;
        try
        {
            foreach (var (subscriber, frame, target) in requests)
            {
                try
                {
                    BranchFor(source, subscriber, frame, target, ref created).Add(subscriber);
                }
                catch (Exception ex)
                {
                    _logger.LogError(ex, "{Player} of {Stream}: no branch {Source}->{Target}", subscriber.Info, source.Name, frame.Codec.Name(), target.Name());
                }
            }
        }
        finally
        {
            foreach (var branch in created ?? [])
                branch.Start();
        }
    }

    private Branch BranchFor(LiveStream source, Subscriber subscriber, MediaFrame frame, CodecId target, ref List<Branch>? created)
    {
        var key = new BranchKey(source, frame.Kind, frame.Codec, target, _settings.CurrentValue);
        lock (_gate)
        {
            if (_branches.TryGetValue(key, out var branch) && !branch.IsFinished)
                return branch;
            branch = new Branch(key, frame, _relay.CurrentValue, _transcoders, _logger);
            _branches[key] = branch;
            (created ??= []).Add(branch);
            _logger.LogInformation("Branch {Branch} created for {Player}", key, subscriber.Info);
            return branch;
        }
    }

    private void Sweep()
    {
        try
        {
            var linger = _relay.CurrentValue.BranchLinger;
            List<Branch>? toClose = null;
            lock (_gate)
            {
                foreach (var (key, branch) in _branches)
                {
                    if (branch.IsFinished || branch.IdleFor() >= linger)
                        (toClose ??= []).Add(branch);
                }
                if (toClose is null)
                    return;
                foreach (var branch in toClose)
                    _branches.Remove(branch.Key);
            }
            foreach (var branch in toClose)
                _ = branch.CloseAsync($"no viewer for {linger.TotalSeconds:0.#} s");
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Branch sweep failed");
        }
    }

    public void Dispose()
    {
        _sweeper.Dispose();
        Branch[] all;
        lock (_gate)
        {
            all = _branches.Values.ToArray();
            _branches.Clear();
        }
        Task.WaitAll(all.Select(b => b.CloseAsync("gateway stopping")).ToArray(), TimeSpan.FromSeconds(5));
    }
}
