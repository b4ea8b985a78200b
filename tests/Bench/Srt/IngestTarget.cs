using InteropGateway.Bench.Servers;

namespace InteropGateway.Bench.Srt;

/// <summary>
/// One side of the srt run: a gateway process fed over one ingest protocol, the RTMP players of its
/// stream (the fan-out mode's rtmpdump load, <see cref="Load"/>), and a check that its feed still runs.
/// </summary>
internal sealed record IngestTarget(string Name, GatewayServer Gateway, string Stream, Load Players, Action EnsureFeedAlive)
{
    public int Pid => Gateway.Pid;
}
