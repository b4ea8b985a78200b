using System.Diagnostics;
using InteropGateway.Codecs.Media;
using InteropGateway.Codecs.Transcoding;
using InteropGateway.Core.Options;
using InteropGateway.Core.Relay;
using InteropGateway.Core.Sessions;
using Microsoft.Extensions.Logging;

namespace InteropGateway.Core.Routing;

/// <summary>
/// Converts one track of a source stream for every viewer that needs the same target (DESIGN §3
/// "Router and branches"). It reads the source through a feed subscriber of its own, so it runs off
/// the publisher's path: a slow encoder makes this branch drop, never the pass-through viewers. Its
/// output is a stream of its own, with a GOP cache, that viewers attach to for the converted track.
/// </summary>
public sealed class Branch : IFrameSink
{
    private readonly ITranscoderProvider _transcoders;
    private readonly ILogger _logger;
    private readonly Subscriber _feed;
    private readonly LiveStream _output;
    private readonly Publication _publication;
    private Task? _worker;
    private ITrackTranscoder? _transcoder;
    private long _idleSince = Stopwatch.GetTimestamp();
    private long _failures;
    private volatile string? _error;

    /// <param name="firstFrame">The source frame that needed the branch: its input when the source's
    /// GOP cache has nothing (audio-only streams cache nothing), so that frame is not lost.</param>
    internal Branch(BranchKey key, MediaFrame firstFrame, RelayOptions relay, ITranscoderProvider transcoders, ILogger logger)
    {
        Key = key;
        _transcoders = transcoders;
        _logger = logger;
        var protocol = key.Source.Publisher?.Protocol ?? "rtmp";
        var info = new SessionInfo(protocol, null, SessionInfo.NewId()) { Transport = "branch" };
        _output = new LiveStream(key.Source.Key, relay, logger, router: null, name: key.ToString());
        if (!_output.TryAttachPublisher(info, PublishPolicy.Reject, out var publication, out var error))
            throw new InvalidOperationException(error);
        _publication = publication;
        _publication.KeyframeRequested += _ => _transcoder?.RequestKeyframe();
        _feed = key.Source.Attach(info, key.Kind, key.From);
        if (_feed.Queued == 0)
            _feed.Offer(firstFrame);
    }

    /// <summary>Starts converting; the router calls it once the viewers that opened the branch are attached.</summary>
    internal void Start() => _worker = Task.Run(RunAsync);

    public BranchKey Key { get; }
    public LiveStream Output => _output;
    public DateTimeOffset CreatedAt { get; } = DateTimeOffset.UtcNow;
    public int Subscribers => _output.Subscribers.Count;
    public bool IsFinished => _worker?.IsCompleted == true;
    /// <summary>Why the branch can't convert (the transcoder failed to open), if so.</summary>
    public string? Error => _error;

    public long FramesIn => _transcoder?.Stats.FramesIn ?? 0;
    public long FramesOut => _transcoder?.Stats.FramesOut ?? 0;
    public long CorruptFrames => _transcoder?.Stats.CorruptFrames ?? 0;
    public TimeSpan CpuTime => _transcoder?.Stats.CpuTime ?? TimeSpan.Zero;
    /// <summary>Source frames the branch discarded because it fell behind.</summary>
    public long FramesDropped => _feed.FramesDropped;
    public TrackConfig? OutputTrack => _transcoder?.OutputTrack;

    /// <summary>Feeds <paramref name="subscriber"/> this branch's output for the converted track kind.</summary>
    internal void Add(Subscriber subscriber)
    {
        var routing = Key.Kind == MediaKind.Video ? subscriber.VideoRouting : subscriber.AudioRouting;
        routing.Branch = _output;
        subscriber.AddBranchFeed(_output);
        _output.AttachExisting(subscriber);
    }

    /// <summary>How long the branch has had no viewer (zero while it has some).</summary>
    internal TimeSpan IdleFor()
    {
        if (Subscribers > 0)
        {
            Volatile.Write(ref _idleSince, Stopwatch.GetTimestamp());
            return TimeSpan.Zero;
        }
        return Stopwatch.GetElapsedTime(Volatile.Read(ref _idleSince));
    }

    /// <summary>Stops reading the source; the worker flushes, ends the output and frees the codecs.</summary>
    internal Task CloseAsync(string reason)
    {
        _feed.Close(reason);
        return _worker ?? Task.CompletedTask;
    }

    void IFrameSink.Accept(MediaFrame frame) => _publication.Publish(frame);

    private async Task RunAsync()
    {
        var endReason = "source ended";
        try
        {
            while (await _feed.ReadAsync().ConfigureAwait(false) is { } frame)
            {
                try
                {
                    Convert(frame);
                }
                finally
                {
                    frame.Release();
                }
                if (_error is not null)
                {
                    endReason = _error;
                    break;
                }
            }
            if (_feed.CloseReason is { } closed)
                endReason = closed;
            _transcoder?.Flush(this);
        }
        catch (Exception ex)
        {
            endReason = ex.Message;
            _logger.LogError(ex, "Branch {Branch} failed", Key);
        }
        finally
        {
            _feed.Dispose();
            _publication.End(endReason);
            _transcoder?.Dispose();
            _logger.LogInformation("Branch {Branch} closed: {Reason}; {In} frames in, {Out} out, {Corrupt} corrupt, {Dropped} dropped, CPU {Cpu:F2} s",
                Key, endReason, FramesIn, FramesOut, CorruptFrames, FramesDropped, CpuTime.TotalSeconds);
        }
    }

    private void Convert(MediaFrame frame)
    {
        if (_transcoder is null)
        {
            try
            {
                _transcoder = _transcoders.Create(frame.Track, Key.To, Key.Settings);
                _logger.LogInformation("Branch {Branch} started: {Source} -> {Target}", Key, frame.Track, Key.To.Name());
            }
            catch (Exception ex)
            {
                _error = $"cannot convert {frame.Track} to {Key.To.Name()}: {ex.Message}";
                _logger.LogError("Branch {Branch}: {Error}", Key, _error);
                return;
            }
        }
        var corruptBefore = _transcoder.Stats.CorruptFrames;
        try
        {
            _transcoder.Transcode(frame, this);
        }
        catch (Exception ex)
        {
            // Unexpected (corrupt input is counted, not thrown): skip the frame, keep the branch, log sparingly.
            if (Interlocked.Increment(ref _failures) is var n && (n <= 10 || n % 100 == 0))
                _logger.LogError(ex, "Branch {Branch}: frame {Frame} failed ({Failures} so far)", Key, frame, n);
            return;
        }
        if (_transcoder.Stats.CorruptFrames is var corrupt && corrupt > corruptBefore && (corrupt <= 10 || corrupt % 100 == 0))
            _logger.LogWarning("Branch {Branch}: skipped a corrupt {Codec} frame at {Dts} ms ({Corrupt} so far): {Reason}",
                Key, frame.Codec.Name(), Timebase.ToMilliseconds(frame.Dts), corrupt, _transcoder.Stats.LastError);
    }
}
