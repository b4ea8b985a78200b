using System.Diagnostics;
using InteropGateway.Codecs.Media;
using InteropGateway.Codecs.Native;
using InteropGateway.Codecs.Transcoding;
using InteropGateway.Core.Relay;
using InteropGateway.Core.Sessions;
using InteropGateway.Matrix;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InteropGateway.Core.Demo;

/// <summary>
/// Publishes the built-in demo stream (default <c>demo/testsrc</c>): a test pattern with a running
/// clock and a once-a-second beep, encoded in process to H264 + AAC and paced by the wall clock, as
/// if an RTMP encoder were pushing it. The clock shows the time of day and the beep sounds on each
/// second the picture flashes, so latency and A/V sync of every player can be read off the screen.
/// If the machine falls behind it skips ahead to real time instead of bursting old frames.
/// </summary>
public sealed class DemoStreamService : BackgroundService
{
    /// <summary>How often the pacing loop wakes; frames due meanwhile are produced together.</summary>
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(5);
    /// <summary>Further behind real time than this, the demo skips instead of catching up.</summary>
    private static readonly long MaxLag = Timebase.FromMilliseconds(500);

    private readonly StreamHub _hub;
    private readonly DemoOptions _options;
    private readonly ILogger<DemoStreamService> _logger;

    public DemoStreamService(StreamHub hub, IOptions<DemoOptions> options, ILogger<DemoStreamService> logger)
    {
        _hub = hub;
        _options = options.Value;
        _logger = logger;
    }

    public string Description => $"{_options.App}/{_options.Stream}: {_options.Width}x{_options.Height}@{_options.Fps} H264 + AAC";

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            _logger.LogInformation("Demo stream disabled (Gateway:Demo:Enabled=false)");
            return Task.CompletedTask;
        }
        // Encoding is CPU work paced by sleeping: a thread of its own keeps it off the thread pool.
        return Task.Factory.StartNew(() => Run(stoppingToken), stoppingToken,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private void Run(CancellationToken stoppingToken)
    {
        if (!StreamKey.TryCreate(_options.App, _options.Stream, out var key, out var keyError))
        {
            _logger.LogWarning("Demo stream not started: {Reason}", keyError);
            return;
        }
        DemoVideoSource? video = null;
        DemoAudioSource? audio = null;
        try
        {
            video = new DemoVideoSource(_options);
            audio = new DemoAudioSource(_options);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or FFmpegException or ArgumentException)
        {
            _logger.LogWarning("Demo stream {Stream} not started: cannot open its encoders: {Reason}", key, ex.Message);
            video?.Dispose();
            return;
        }

        using (video)
        using (audio)
        {
            var session = new SessionInfo(Protocols.Rtmp, null, SessionInfo.NewId()) { Transport = "demo" };
            if (!_hub.TryPublish(key.Value, session, out var publication, out var error))
            {
                _logger.LogWarning("Demo stream {Stream} not started: {Reason}", key, error);
                return;
            }
            using (publication)
            {
                _logger.LogInformation("Demo stream {Description}", Description);
                try
                {
                    Pace(video, audio, new PublicationSink(publication), stoppingToken, publication.Revoked);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    _logger.LogError(ex, "Demo stream {Stream} failed", key);
                    publication.End($"demo failed: {ex.Message}");
                    return;
                }
                if (publication.Revoked.IsCancellationRequested)
                    _logger.LogInformation("Demo stream {Stream} ended: {Reason}", key, publication.EndReason);
                publication.End("gateway stopping");
            }
        }
    }

    /// <summary>Produces every frame whose media time has come, then sleeps a tick; media time 0 is now.</summary>
    private void Pace(DemoVideoSource video, DemoAudioSource audio, IFrameSink sink, CancellationToken stopping, CancellationToken revoked)
    {
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(stopping, revoked);
        var clockOrigin = DateTime.Now.TimeOfDay;
        // The first frames open x264 and warm the code up, which can take longer than the skip
        // threshold: make them before the clock starts, so the stream doesn't begin with a skip.
        video.EncodeNext(clockOrigin, sink);
        audio.EncodeNext(clockOrigin, sink);
        var start = Stopwatch.GetTimestamp();
        while (!ended.IsCancellationRequested)
        {
            var now = Timebase.FromSeconds(Stopwatch.GetElapsedTime(start).TotalSeconds);
            var behind = now - Math.Min(video.TimeOf(video.Next), audio.TimeOf(audio.Next));
            if (behind > MaxLag)
            {
                _logger.LogWarning("Demo stream fell {Behind} ms behind real time; skipping ahead", Timebase.ToMilliseconds(behind));
                video.Next = Math.Max(video.Next, video.IndexAt(now));
                audio.SkipTo(Math.Max(now, audio.TimeOf(audio.Next)));
            }
            while (video.TimeOf(video.Next) <= now)
                video.EncodeNext(clockOrigin, sink);
            while (audio.TimeOf(audio.Next) <= now)
                audio.EncodeNext(clockOrigin, sink);
            ended.Token.WaitHandle.WaitOne(Tick);
        }
    }

    /// <summary>Hands encoder output to the relay core; the publication takes over each frame's reference.</summary>
    private sealed class PublicationSink(Publication publication) : IFrameSink
    {
        public void Accept(MediaFrame frame) => publication.Publish(frame);
    }
}
