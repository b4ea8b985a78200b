using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using InteropGateway.Matrix;
using Microsoft.Extensions.Logging;

namespace InteropGateway.Tests.Matrix;

public sealed class MatrixStoreTests : IDisposable
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(5);

    private readonly string _directory = Directory.CreateTempSubdirectory("matrix-store-").FullName;
    private readonly CapturingLogger _logger = new();

    private string MatrixPath => Path.Combine(_directory, "matrix.json");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string WithRtmpToWebRtcLabel(string label) =>
        TestFiles.ShippedWith(n => n["cells"]!["rtmp"]!["webrtc"]!["label"] = label);

    private static bool WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + WaitLimit;
        while (DateTime.UtcNow < deadline)
        {
            if (condition())
            {
                return true;
            }
            Thread.Sleep(50);
        }
        return condition();
    }

    [Fact]
    public void LoadsAtStart()
    {
        File.Copy(TestFiles.ShippedMatrixPath, MatrixPath);
        using var store = new MatrixStore(MatrixPath, _logger);
        Assert.Equal(1, store.Version);
        Assert.Equal("Opus/AAC", store.Current.Cell("rtmp", "webrtc").Label);
        Assert.Contains(_logger.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("loaded"));
    }

    [Fact]
    public void BadFileAtStartThrowsWithTheReason()
    {
        File.WriteAllText(MatrixPath, TestFiles.ShippedWith(n => n["cells"]!["rtmp"]!.AsObject().Remove("cdn")));
        var e = Assert.Throws<MatrixFormatException>(() => new MatrixStore(MatrixPath, _logger));
        Assert.Contains(MatrixPath, e.Message);
        Assert.Contains("missing cell rtmp->cdn", e.Message);
    }

    [Fact]
    public void RewrittenLabelIsReloaded()
    {
        File.Copy(TestFiles.ShippedMatrixPath, MatrixPath);
        using var store = new MatrixStore(MatrixPath, _logger);
        var raised = new ConcurrentQueue<long>();
        store.Reloaded += (_, e) => raised.Enqueue(e.Version);

        File.WriteAllText(MatrixPath, WithRtmpToWebRtcLabel("AAC->Opus"));

        Assert.True(WaitUntil(() => store.Version == 2), $"version stayed {store.Version}");
        Assert.Equal("AAC->Opus", store.Current.Cell("rtmp", "webrtc").Label);
        Assert.True(WaitUntil(() => raised.Contains(2)));
        Assert.Contains(_logger.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("reloaded"));
    }

    [Fact]
    public void GarbageKeepsTheLastGoodMatrixAndWarns()
    {
        File.Copy(TestFiles.ShippedMatrixPath, MatrixPath);
        using var store = new MatrixStore(MatrixPath, _logger);
        var before = store.Current;

        File.WriteAllText(MatrixPath, "{ this is not a matrix");

        Assert.True(WaitUntil(() => _logger.Entries.Any(e => e.Level == LogLevel.Warning)), "no warning logged");
        var warning = _logger.Entries.First(e => e.Level == LogLevel.Warning);
        Assert.Contains("not valid JSON at line 1", warning.Message);
        Assert.Contains("keeping version 1", warning.Message);
        Assert.Same(before, store.Current);
        Assert.Equal(1, store.Version);

        // A bad cell is reported by name, and a later good edit still goes through.
        File.WriteAllText(MatrixPath, TestFiles.ShippedWith(n => n["cells"]!["udp"]!["h5"]!["convert"]![0] = "h264->vp9"));
        Assert.True(WaitUntil(() => _logger.Entries.Any(e => e.Message.Contains("cell udp->h5, field \"convert[0]\""))));
        Assert.Same(before, store.Current);

        File.WriteAllText(MatrixPath, WithRtmpToWebRtcLabel("AAC->Opus"));
        Assert.True(WaitUntil(() => store.Version == 2));
    }

    [Fact]
    public void DeleteAndRecreateReloads()
    {
        File.Copy(TestFiles.ShippedMatrixPath, MatrixPath);
        using var store = new MatrixStore(MatrixPath, _logger);

        File.Delete(MatrixPath);
        File.WriteAllText(MatrixPath, WithRtmpToWebRtcLabel("deleted+created"));

        Assert.True(WaitUntil(() => store.Current.Cell("rtmp", "webrtc").Label == "deleted+created"),
            $"label stayed {store.Current.Cell("rtmp", "webrtc").Label}");
        Assert.True(store.Version >= 2);
    }

    [Fact]
    public void RenameOverReloads()
    {
        File.Copy(TestFiles.ShippedMatrixPath, MatrixPath);
        using var store = new MatrixStore(MatrixPath, _logger);

        // What vim/VS Code/sed -i do: write a temp file beside it, then rename it over the original.
        var temp = Path.Combine(_directory, ".matrix.json.swp");
        File.WriteAllText(temp, WithRtmpToWebRtcLabel("renamed-over"));
        File.Move(temp, MatrixPath, overwrite: true);

        Assert.True(WaitUntil(() => store.Current.Cell("rtmp", "webrtc").Label == "renamed-over"),
            $"label stayed {store.Current.Cell("rtmp", "webrtc").Label}");
        Assert.Equal(2, store.Version);
    }

    [Fact]
    public void UnchangedContentDoesNotBumpTheVersion()
    {
        File.Copy(TestFiles.ShippedMatrixPath, MatrixPath);
        using var store = new MatrixStore(MatrixPath, _logger);
        Assert.False(store.Reload());
        Assert.Equal(1, store.Version);
    }

    private sealed class CapturingLogger : ILogger
    {
        public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter) =>
            Entries.Enqueue((logLevel, formatter(state, exception)));
    }
}
