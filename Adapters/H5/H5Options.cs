namespace InteropGateway.Adapters.H5;

/// <summary>H5 (JSMpeg) settings, section <c>Gateway:H5</c>.</summary>
public sealed class H5Options
{
    public const string Section = "Gateway:H5";

    /// <summary>A viewer's WebSocket message is sent once this many bytes of TS are ready or the queue is empty.</summary>
    public int MaxMessageBytes { get; set; } = 64 * 1024;

    /// <summary>Largest PES an ingest may send; a bigger one is dropped (counted) before it can grow a buffer further.</summary>
    public int MaxPesBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>An ingest connection that sends nothing for this long is closed.</summary>
    public TimeSpan IngestIdleTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
