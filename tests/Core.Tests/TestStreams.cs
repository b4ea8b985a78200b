using InteropGateway.Codecs.Media;
using InteropGateway.Core.Options;
using InteropGateway.Core.Relay;
using InteropGateway.Core.Sessions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace InteropGateway.Tests.Core;

/// <summary>Builds hubs and synthetic frames for relay-core tests.</summary>
internal static class TestStreams
{
    public static readonly TrackConfig Video = new(MediaKind.Video, CodecId.H264, new byte[] { 1, 0x64, 0, 0x1f });
    public static readonly TrackConfig Audio = new(MediaKind.Audio, CodecId.Aac, new byte[] { 0x12, 0x10 });
    public static readonly StreamKey Key = new("live", "test");

    public static StreamHub Hub(RelayOptions? options = null, ILogger<StreamHub>? logger = null, ITrackRouter? router = null) =>
        new(new StaticOptionsMonitor<RelayOptions>(options ?? new RelayOptions()), logger ?? NullLogger<StreamHub>.Instance, router);

    public static SessionInfo Session(string protocol = "rtmp") => new(protocol, null, SessionInfo.NewId());

    /// <summary>A 25 fps video frame number <paramref name="index"/>, keyframe every <paramref name="gop"/>.</summary>
    public static MediaFrame VideoFrame(int index, int gop = 25, int size = 100)
    {
        var ts = index * 40L * Timebase.TicksPerMillisecond;
        var frame = MediaFrame.Rent(Video, size, ts, ts, index % gop == 0);
        frame.WritablePayload.Fill((byte)index);
        return frame;
    }

    public static MediaFrame AudioFrame(int index) =>
        MediaFrame.Copy(Audio, new byte[] { (byte)index, 1, 2 }, index * 1920L, index * 1920L, true);

}

internal sealed class StaticOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;
    public T Get(string? name) => value;
    public IDisposable? OnChange(Action<T, string?> listener) => null;
}

/// <summary>Collects log lines so tests can assert the gateway said why.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    public List<string> Lines { get; } = [];
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => true;
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (Lines) Lines.Add($"{logLevel}: {formatter(state, exception)}");
    }
}
