using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace InteropGateway.Adapters.Udp.Native;

/// <summary>
/// The one thread that waits on libsrt: an srt_epoll set holding every gateway SRT socket,
/// edge-triggered, whose readiness is handed to each <see cref="SrtSocket"/>'s waiters. Sockets are
/// non-blocking, so no thread-pool thread ever blocks in libsrt. The wait has a short timeout so
/// disposing stops the thread promptly.
/// </summary>
internal sealed unsafe class SrtPoller : IDisposable
{
    private const int BatchSize = 64;
    private const int WaitTimeoutMs = 100;

    private readonly ConcurrentDictionary<int, SrtSocket> _sockets = new();
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private readonly int _epoll;
    private volatile bool _stopping;

    public SrtPoller(ILogger logger)
    {
        _logger = logger;
        SrtLibrary.EnsureStarted();
        _epoll = SrtImports.EpollCreate();
        if (_epoll < 0)
            throw SrtException.FromLast("srt_epoll_create");
        SrtImports.EpollSet(_epoll, SrtEpollSettings.EnableEmpty);
        _thread = new Thread(Run) { IsBackground = true, Name = "srt-epoll" };
        _thread.Start();
    }

    public int Count => _sockets.Count;

    /// <summary>Starts reporting <paramref name="socket"/>'s readiness (read, write/connected, error).</summary>
    internal void Add(SrtSocket socket, int id)
    {
        _sockets[id] = socket;
        var events = (int)(SrtEpollFlags.In | SrtEpollFlags.Out | SrtEpollFlags.Error | SrtEpollFlags.EdgeTriggered);
        if (SrtImports.EpollAdd(_epoll, id, &events) < 0)
        {
            _sockets.TryRemove(id, out _);
            throw SrtException.FromLast("srt_epoll_add_usock");
        }
    }

    internal void Remove(int id)
    {
        if (_sockets.TryRemove(id, out _))
            SrtImports.EpollRemove(_epoll, id); // fails harmlessly once srt_close has removed it
    }

    private void Run()
    {
        var events = stackalloc SrtEpollEvent[BatchSize];
        while (!_stopping)
        {
            var ready = SrtImports.EpollWait(_epoll, events, BatchSize, WaitTimeoutMs);
            if (ready < 0)
            {
                if (_stopping)
                    return;
                _logger.LogError("srt_epoll_uwait failed: {Error}", SrtErrors.LastText());
                Thread.Sleep(WaitTimeoutMs);
                continue;
            }
            for (var i = 0; i < Math.Min(ready, BatchSize); i++)
            {
                if (_sockets.TryGetValue(events[i].Socket, out var socket))
                    socket.OnReady(events[i].Events);
            }
        }
    }

    public void Dispose()
    {
        _stopping = true;
        if (!_thread.Join(TimeSpan.FromSeconds(2)))
            _logger.LogWarning("The SRT epoll thread did not stop within 2 s");
        SrtImports.EpollRelease(_epoll);
    }
}
