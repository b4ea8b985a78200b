namespace InteropGateway.Bench.Servers;

/// <summary>One RTMP server under test: a single process whose CPU/RSS we sample, with app "live".</summary>
internal interface IRtmpServer : IAsyncDisposable
{
    string Name { get; }
    int Pid { get; }
    int RtmpPort { get; }
    Task StartAsync();
}
