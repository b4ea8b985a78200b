using InteropGateway.Core.Relay;

namespace InteropGateway.Tests.Integration.Infrastructure;

/// <summary>An ffmpeg publisher sending a clip in real time while a test looks at the live stream; stopped on dispose.</summary>
public sealed class BackgroundPublisher : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task<ToolRun> _run = null!;

    public LiveStream Stream { get; private set; } = null!;

    /// <summary>Starts publishing <paramref name="clip"/> to <paramref name="key"/> and returns once the stream is live with a keyframe cached.</summary>
    public static Task<BackgroundPublisher> StartAsync(GatewayFixture gateway, string clip, string key) =>
        StartAsync(gateway, clip, key, gateway.RtmpUrl(key));

    /// <summary>The same, publishing to <paramref name="url"/> (RTMPS, another port) instead of the RTMP port.</summary>
    public static async Task<BackgroundPublisher> StartAsync(GatewayFixture gateway, string clip, string key, string url)
    {
        var publisher = new BackgroundPublisher();
        publisher._run = SourceMedia.PublishAsync(clip, url, publisher._stop.Token);
        publisher.Stream = await gateway.WaitForLiveAsync(key);
        return publisher;
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _run;
        _stop.Dispose();
    }
}
