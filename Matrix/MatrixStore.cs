using Microsoft.Extensions.Logging;

namespace InteropGateway.Matrix;

/// <summary>
/// The live matrix: loaded at start, reloaded when the file changes. A bad edit never replaces
/// a good matrix; it is logged with the exact reason and the last good definition stays current.
/// </summary>
public sealed partial class MatrixStore : IDisposable
{
    // Editors save in bursts (truncate, write, chmod, or write-temp-then-rename); one reload per burst.
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(200);

    private readonly ILogger _logger;
    private readonly FileSystemWatcher _watcher;
    private readonly Timer _debounce;
    private readonly Lock _reloadGate = new();
    private readonly string _fileName;
    private Snapshot _snapshot;
    private volatile bool _disposed;

    /// <summary>Loads <paramref name="path"/> and starts watching it.</summary>
    /// <exception cref="MatrixFormatException">The file is not a valid matrix (message names file and spot).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public MatrixStore(string path, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(logger);
        FilePath = System.IO.Path.GetFullPath(path);
        _fileName = System.IO.Path.GetFileName(FilePath);
        _logger = logger;

        var text = File.ReadAllText(FilePath);
        MatrixDefinition definition;
        try
        {
            definition = MatrixDefinition.Parse(text);
        }
        catch (MatrixFormatException e)
        {
            throw new MatrixFormatException($"{FilePath}: {e.Message}", e);
        }
        _snapshot = new Snapshot(definition, 1, text);
        LogLoaded(FilePath, 1);

        _debounce = new Timer(_ => ReloadFromWatcher(), null, Timeout.Infinite, Timeout.Infinite);
        // Watch the directory, not the file: a rename-over or delete+create replaces the inode.
        _watcher = new FileSystemWatcher(System.IO.Path.GetDirectoryName(FilePath)!)
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
            IncludeSubdirectories = false,
        };
        _watcher.Changed += OnFileEvent;
        _watcher.Created += OnFileEvent;
        _watcher.Deleted += OnFileEvent;
        _watcher.Renamed += OnFileEvent;
        _watcher.Error += OnWatcherError;
        _watcher.EnableRaisingEvents = true;
    }

    /// <summary>The shipped default next to the application's assemblies.</summary>
    public static string DefaultPath => System.IO.Path.Combine(AppContext.BaseDirectory, "matrix.json");

    public string FilePath { get; }

    /// <summary>The last good definition.</summary>
    public MatrixDefinition Current => Volatile.Read(ref _snapshot).Definition;

    /// <summary>1 after the first load; +1 on every reload that changed the definition.</summary>
    public long Version => Volatile.Read(ref _snapshot).Version;

    /// <summary>Raised after a good reload, on a thread-pool thread.</summary>
    public event EventHandler<MatrixReloadedEventArgs>? Reloaded;

    /// <summary>Reads the file now. True when a new definition became current.</summary>
    public bool Reload()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return ReloadCore();
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _watcher.EnableRaisingEvents = false;
        _watcher.Dispose();
        _debounce.Dispose();
    }

    private void OnFileEvent(object sender, FileSystemEventArgs e)
    {
        var ours = IsOurFile(e.FullPath) || (e is RenamedEventArgs r && IsOurFile(r.OldFullPath));
        if (ours)
        {
            ScheduleReload();
        }
    }

    private void OnWatcherError(object sender, ErrorEventArgs e)
    {
        // Lost events (e.g. buffer overflow): re-read to be sure we have the latest file.
        LogWatcherError(FilePath, e.GetException().Message);
        ScheduleReload();
    }

    private void ScheduleReload()
    {
        try
        {
            if (!_disposed)
            {
                _debounce.Change(Debounce, Timeout.InfiniteTimeSpan);
            }
        }
        catch (ObjectDisposedException)
        {
            // Disposed between the check and the call: nothing left to reload.
        }
    }

    private bool IsOurFile(string? path) =>
        path is not null &&
        string.Equals(System.IO.Path.GetFileName(path), _fileName,
            OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase);

    private void ReloadFromWatcher()
    {
        if (_disposed)
        {
            return;
        }
        try
        {
            ReloadCore();
        }
        catch (Exception e)
        {
            // A timer callback must not throw; the last good matrix stays.
            LogReloadFailed(FilePath, Version, e.Message);
        }
    }

    private bool ReloadCore()
    {
        Snapshot next;
        Snapshot previous;
        lock (_reloadGate)
        {
            previous = _snapshot;
            if (!TryReadFile(out var text, out var readError))
            {
                LogReloadFailed(FilePath, previous.Version, readError);
                return false;
            }
            if (text == previous.Text)
            {
                return false;
            }
            MatrixDefinition definition;
            try
            {
                definition = MatrixDefinition.Parse(text);
            }
            catch (MatrixFormatException e)
            {
                LogReloadFailed(FilePath, previous.Version, e.Message);
                return false;
            }
            next = new Snapshot(definition, previous.Version + 1, text);
            Volatile.Write(ref _snapshot, next);
        }

        LogReloaded(FilePath, next.Version);
        try
        {
            Reloaded?.Invoke(this, new MatrixReloadedEventArgs(previous.Definition, next.Definition, next.Version));
        }
        catch (Exception e)
        {
            LogHandlerFailed(e);
        }
        return true;
    }

    private bool TryReadFile(out string text, out string error)
    {
        // The writer may still hold the file (Windows) or be between delete and create.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                text = File.ReadAllText(FilePath);
                error = "";
                return true;
            }
            catch (FileNotFoundException)
            {
                text = "";
                error = "the file is missing";
                return false;
            }
            catch (IOException e) when (attempt < 4)
            {
                _ = e;
                Thread.Sleep(50);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                text = "";
                error = $"cannot read the file: {e.Message}";
                return false;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversion matrix loaded from {Path} (version {Version})")]
    private partial void LogLoaded(string path, long version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversion matrix reloaded from {Path} (version {Version})")]
    private partial void LogReloaded(string path, long version);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Conversion matrix {Path} not reloaded, keeping version {Version}: {Reason}")]
    private partial void LogReloadFailed(string path, long version, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watching conversion matrix {Path} lost events: {Reason}")]
    private partial void LogWatcherError(string path, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "A Reloaded handler of the conversion matrix failed")]
    private partial void LogHandlerFailed(Exception exception);

    private sealed record Snapshot(MatrixDefinition Definition, long Version, string Text);
}
