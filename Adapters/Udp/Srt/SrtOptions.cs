namespace InteropGateway.Adapters.Udp.Srt;

/// <summary>SRT settings, section <c>Gateway:Srt</c>: the listener, link security and latency, and caller routes.</summary>
public sealed class SrtOptions
{
    public const string Section = "Gateway:Srt";

    /// <summary>UDP port of the SRT listener; -1 turns the listener off (caller routes still run).</summary>
    public int Port { get; set; } = 10080;

    /// <summary>Address the listener binds to; defaults to <c>Gateway:BindAddress</c>.</summary>
    public string? BindAddress { get; set; }

    /// <summary>AES passphrase of every SRT link (10 to 79 characters); empty = no encryption.</summary>
    public string Passphrase { get; set; } = "";

    /// <summary>AES key length in bytes: 16, 24 or 32 (used with a passphrase).</summary>
    public int PbKeyLen { get; set; } = 16;

    /// <summary>SRT latency (receiver buffer for retransmissions), both directions, in milliseconds.</summary>
    public int LatencyMs { get; set; } = 120;

    /// <summary>Pending handshakes the listener queues.</summary>
    public int Backlog { get; set; } = 64;

    /// <summary>Caller routes: push a local stream to a remote SRT listener, or pull one from it.</summary>
    public List<SrtRouteOptions> Routes { get; set; } = [];

    /// <summary>First reconnect delay of a route after a failure; doubled on each further failure up to <see cref="ReconnectMaxDelay"/>.</summary>
    public TimeSpan ReconnectMinDelay { get; set; } = TimeSpan.FromMilliseconds(500);
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a caller waits for the remote listener's handshake.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The settings as a startup error message, or null when they are usable.</summary>
    public string? Validate()
    {
        if (Passphrase.Length is > 0 and (< 10 or > 79))
            return $"Gateway:Srt:Passphrase must be 10 to 79 characters (it has {Passphrase.Length}), or empty for no encryption";
        if (PbKeyLen is not (16 or 24 or 32))
            return $"Gateway:Srt:PbKeyLen must be 16, 24 or 32, not {PbKeyLen}";
        if (LatencyMs is < 0 or > 60_000)
            return $"Gateway:Srt:LatencyMs must be 0 to 60000, not {LatencyMs}";
        return null;
    }
}

/// <summary>One configured caller route (<c>Gateway:Srt:Routes</c>), also the body of POST /api/srt/routes.</summary>
public sealed class SrtRouteOptions
{
    /// <summary>"push" (send the local stream to the remote listener) or "pull" (publish the remote stream here).</summary>
    public string Direction { get; set; } = "";

    /// <summary>Local stream key, <c>app/stream</c>.</summary>
    public string Stream { get; set; } = "";

    /// <summary><c>srt://host:port?streamid=...&amp;passphrase=...&amp;latency=ms&amp;pbkeylen=16</c>.</summary>
    public string Url { get; set; } = "";
}
