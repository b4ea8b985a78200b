using InteropGateway.Core.Options;
using InteropGateway.Core.Relay;
using InteropGateway.Core.Sessions;
using InteropGateway.Matrix;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace InteropGateway.Tests.Udp.Ts;

/// <summary>A real relay core with a short grace period, so a stream whose publisher left ends quickly and players drain their tail.</summary>
internal static class TestHub
{
    public static StreamHub Create() =>
        new(new StaticOptionsMonitor<RelayOptions>(new RelayOptions { PublisherGracePeriod = TimeSpan.FromMilliseconds(200), SubscriberQueueFrames = 4096 }),
            NullLogger<StreamHub>.Instance);

    public static SessionInfo Session(string transport = "udp") => new(Protocols.Udp, null, SessionInfo.NewId()) { Transport = transport };

    public static Publication Publish(StreamHub hub, StreamKey key)
    {
        Assert.True(hub.TryPublish(key, Session(), out var publication, out var error), error);
        return publication;
    }
}

internal sealed class StaticOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;
    public T Get(string? name) => value;
    public IDisposable? OnChange(Action<T, string?> listener) => null;
}

/// <summary>Collects log lines so tests can check the gateway said what it did and why.</summary>
internal sealed class ListLogger : ILogger
{
    public List<string> Lines { get; } = [];
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (Lines)
            Lines.Add($"{logLevel}: {formatter(state, exception)}");
    }
}
